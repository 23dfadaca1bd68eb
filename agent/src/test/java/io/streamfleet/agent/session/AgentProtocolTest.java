package io.streamfleet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.model.Resources;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.HeartbeatAck;
import io.streamfleet.protocol.v1.Processor;
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

  private final ProcessorDriver driver = (d, l) -> {
    log.add("start " + d.getStreamId());
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

  /** Its stopper fails, as an executor that is shutting down would. */
  private final AgentProtocol protocol = new AgentProtocol(
      new AgentSettings("n1", List.of("s1:7070"), null, Map.of(), "server", Resources.of(4000, 4096), Duration.ofSeconds(5)),
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
}
