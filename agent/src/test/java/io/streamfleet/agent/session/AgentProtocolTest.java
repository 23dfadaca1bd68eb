package io.streamfleet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.agent.events.EventSink;
import io.streamfleet.agent.events.OutboxStats;
import io.streamfleet.agent.events.ServerEventSink;
import io.streamfleet.model.Resources;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.EventAck;
import io.streamfleet.protocol.v1.HeartbeatAck;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.JobRun;
import io.streamfleet.protocol.v1.Processor;
import io.streamfleet.protocol.v1.Registered;
import io.streamfleet.protocol.v1.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AgentProtocolTest {
  private final AtomicLong monotonicMs = new AtomicLong(0);
  private final List<String> log = new ArrayList<>();
  private final List<AgentMessage> sent = new ArrayList<>();
  private final List<Long> watchdog = new ArrayList<>();
  private InstanceListener lastStarted;

  private final ProcessorDriver driver = (d, l) -> {
    log.add("start " + d.getStreamId());
    lastStarted = l;
    return new ProcessorHandle() {
      @Override
      public void stop() {
        log.add("stop " + d.getStreamId());
      }

      @Override
      public void kill() {
        log.add("SIGKILL " + d.getStreamId());
      }

      @Override
      public InstanceUsage usage() {
        return InstanceUsage.NONE;
      }
    };
  };

  private final AgentSettings settings =
      new AgentSettings("n1", List.of("s1:7070"), null, Map.of(), "server", Resources.of(4000, 4096), Duration.ofSeconds(5));

  /** Without an outbox (as in the simulation). Its stopper fails, as an executor that is shutting down would. */
  private final AgentProtocol protocol = new AgentProtocol(settings,
      7, Map.of("exec", driver), NodeUsageProbe.NONE, sent::add, monotonicMs::get, monotonicMs::get, watchdog::add,
      task -> {
        throw new RejectedExecutionException("the stop threads are gone");
      });

  @Test
  void anAcknowledgementRenewsTheLeaseAndTellsTheWatchdogItsEnd() {
    protocol.received(ack(100, 1_500), null);
    assertThat(protocol.lease().valid()).isTrue();
    assertThat(watchdog).containsExactly(1_600L);
  }

  @Test
  void theLeaseCheckSurvivesAFailureAndStillKillsAtExpiry() {
    protocol.received(ack(0, 1_000), null);
    protocol.received(ServerMessage.newBuilder().setDesired(DesiredAssignments.newBuilder().addInstances(DesiredInstance.newBuilder()
        .setStreamId("rec").setEpoch(1).setExclusive(true).setProcessor(Processor.newBuilder().setName("rec").setDriver("exec")))
        .setStateIndex(5)).build(), null);
    assertThat(log).containsExactly("start rec");

    monotonicMs.set(2_000);

    assertThatCode(protocol::checkLease).as("a periodic task that throws is never run again").doesNotThrowAnyException();
    assertThat(log).contains("SIGKILL rec");
    assertThatCode(protocol::checkLease).doesNotThrowAnyException();
  }

  @Test
  void aHeartbeatCarriesTheAppliedDesiredIndexAndWhetherTheSetIsStale() {
    protocol.received(ServerMessage.newBuilder().setDesired(DesiredAssignments.newBuilder().addInstances(DesiredInstance.newBuilder()
        .setStreamId("rec").setEpoch(1).setExclusive(true).setProcessor(Processor.newBuilder().setName("rec").setDriver("exec")))
        .setStateIndex(9)).build(), null);

    var h = protocol.heartbeat().getHeartbeat();

    assertThat(h.getDesiredIndex()).isEqualTo(9);
    assertThat(h.getDesiredStale()).as("received without a lease: exclusive part left out, ask again").isTrue();
  }

  private static ServerMessage ack(long sentAtMonoMs, long leaseMs) {
    return ServerMessage.newBuilder().setHeartbeatAck(HeartbeatAck.newBuilder().setSentAtMonoMs(sentAtMonoMs).setLeaseMs(leaseMs)).build();
  }

  /** The agent's wiring: events recorded into an outbox (here a list), EventAcks to the server sink. */
  private AgentProtocol withOutbox(List<String> recorded, OutboxStats stats, ServerEventSink serverSink) {
    return new AgentProtocol(settings, 7, Map.of("exec", driver), NodeUsageProbe.NONE, sent::add, monotonicMs::get, () -> 1_234L,
        watchdog::add, Runnable::run, new EventPorts((stream, epoch, kind, atMs, payload) -> recorded.add(
            stream + "@" + epoch + " " + kind + " at " + atMs + " " + payload), stats, serverSink::acknowledged));
  }

  @Test
  void anEventAckReachesTheServerSinksPump() {
    ServerEventSink serverSink = new ServerEventSink();
    AgentProtocol withOutbox = withOutbox(new ArrayList<>(), OutboxStats.NONE, serverSink);
    List<Long> pumpAcks = new ArrayList<>();
    serverSink.deliver(List.of(), new EventSink.Acks() { // as the server sink's pump does
      @Override
      public void acknowledge(long upToOffset) {
        pumpAcks.add(upToOffset);
      }

      @Override
      public void rewind() {}

      @Override
      public void failed() {}
    });

    withOutbox.received(ServerMessage.newBuilder().setEventAck(EventAck.newBuilder().setUpToOffset(42)).build(), null);

    assertThat(pumpAcks).containsExactly(42L);
  }

  @Test
  void aProcessorEventIsRecordedNotSentAndTheDriversOwnNumberIsNotItsIdentity() {
    List<String> recorded = new ArrayList<>();
    AgentProtocol withOutbox = withOutbox(recorded, OutboxStats.NONE, new ServerEventSink());
    withOutbox.received(desired("cam-1", 3), null);

    lastStarted.event(99, "motion_start", "{\"changed_fraction\":0.2}");

    assertThat(recorded).containsExactly("cam-1@3 motion_start at 1234 {\"changed_fraction\":0.2}");
    assertThat(sent).noneMatch(AgentMessage::hasEvent);
  }

  @Test
  void aHeartbeatReportsTheOutbox() {
    AgentProtocol withOutbox = withOutbox(new ArrayList<>(), new OutboxStats() {
      @Override
      public long pending() {
        return 12;
      }

      @Override
      public long dropped() {
        return 3;
      }
    }, new ServerEventSink());

    var h = withOutbox.heartbeat().getHeartbeat();

    assertThat(h.getOutboxPending()).isEqualTo(12);
    assertThat(h.getOutboxDropped()).isEqualTo(3);
  }

  @Test
  void withoutAnOutboxEventsAreNumberedPerStreamAndEpochAndSentStraightOn() {
    protocol.received(desired("cam-1", 3), null);

    lastStarted.event(99, "motion_start", null);
    lastStarted.event(100, "motion_end", null);

    assertThat(sent.stream().filter(AgentMessage::hasEvent).map(AgentMessage::getEvent))
        .extracting(e -> e.getStreamId() + "@" + e.getEpoch() + "#" + e.getSequence() + " " + e.getKind() + " from " + e.getNodeId())
        .containsExactly("cam-1@3#1 motion_start from n1", "cam-1@3#2 motion_end from n1");
    assertThat(protocol.heartbeat().getHeartbeat().getOutboxPending()).isZero();
  }

  @Test
  void aJobOutcomeIsSentOnTheSessionAndAgainAfterTheNextRegistration() {
    protocol.received(ack(0, 10_000), null);
    protocol.received(ServerMessage.newBuilder().setDesired(DesiredAssignments.newBuilder().addInstances(DesiredInstance.newBuilder()
        .setStreamId("job:j1").setEpoch(1).setExclusive(true).setProcessor(Processor.newBuilder().setName("ffmpeg").setDriver("exec"))
        .setJob(JobRun.newBuilder().setJobId("j1"))).setStateIndex(4)).build(), null);
    JobOutcome outcome = JobOutcome.newBuilder().setJobId("j1").setEpoch(1).setSucceeded(true).build();

    lastStarted.finished(outcome);
    assertThat(sent.stream().filter(AgentMessage::hasJobOutcome).map(AgentMessage::getJobOutcome)).containsExactly(outcome);
    sent.clear();

    protocol.received(ServerMessage.newBuilder().setRegistered(Registered.newBuilder().setServerId("s2").setHeartbeatIntervalMs(250))
        .build(), new AgentProtocol.Session() {
          @Override
          public void registered(String serverId, long intervalMs) {}

          @Override
          public void notLeader(String leaderId, String address) {}

          @Override
          public void refused(String reason) {}
        });

    assertThat(sent.stream().filter(AgentMessage::hasJobOutcome).map(AgentMessage::getJobOutcome))
        .as("it may have been lost while cut off").containsExactly(outcome);
    assertThat(protocol.heartbeat().getHeartbeat().getProcessorsList()).as("its process is gone").isEmpty();
  }

  private static ServerMessage desired(String stream, long epoch) {
    return ServerMessage.newBuilder().setDesired(DesiredAssignments.newBuilder().addInstances(DesiredInstance.newBuilder()
        .setStreamId(stream).setEpoch(epoch).setProcessor(Processor.newBuilder().setName("motion").setDriver("exec")))
        .setStateIndex(1)).build();
  }
}
