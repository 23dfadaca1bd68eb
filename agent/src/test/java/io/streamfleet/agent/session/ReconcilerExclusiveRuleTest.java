package io.streamfleet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import io.streamfleet.protocol.v1.ProcessorStatus;
import io.streamfleet.protocol.v1.ProcessorUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The agent's half of the exclusive rule, with stops that take their time: each stop waits on a
 * queue until the test runs it, as a processor that takes seconds after SIGTERM would.
 */
class ReconcilerExclusiveRuleTest {
  private final List<String> log = new ArrayList<>();
  private final List<String> statuses = new ArrayList<>();
  private final Queue<Runnable> stops = new ArrayDeque<>();
  private boolean stopsFail;

  private final ProcessorDriver slowToStop = (d, l) -> {
    String id = d.getStreamId() + "@" + d.getEpoch();
    log.add("start " + id);
    return new ProcessorHandle() {
      @Override
      public void stop() {
        if (stopsFail) {
          throw new IllegalStateException("kill(1) failed");
        }
        log.add("stopped " + id);
      }

      @Override
      public void kill() {
        log.add("SIGKILL " + id);
      }

      @Override
      public InstanceUsage usage() {
        return InstanceUsage.NONE;
      }
    };
  };

  private final Reconciler reconciler = new Reconciler(Map.of("exec", slowToStop), new Reconciler.StatusSink() {
    @Override
    public void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts) {
      statuses.add(streamId + "@" + epoch + " " + state);
    }

    @Override
    public void event(String streamId, long epoch, String kind, String payloadJson) {}
  }, null, stops::add);

  @Test
  void aNewEpochOfAnExclusiveStreamStartsOnlyOnceTheOldInstancesStopHasReturned() {
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(exclusive("rec", 3)), 10);
    reconciler.reconcile(List.of(exclusive("rec", 4)), 11);
    assertThat(log).containsExactly("start rec@3");
    assertThat(live()).containsExactly("rec@3 stopping");

    runStops();
    assertThat(log).containsExactly("start rec@3", "stopped rec@3", "start rec@4");
    assertThat(statuses).containsSubsequence("rec@3 STOPPED", "rec@4 STARTING");
  }

  @Test
  void anOverlapStreamsNewEpochDoesNotWaitForTheOldOne() {
    reconciler.reconcile(List.of(overlap("cam", 1)), 10);
    reconciler.reconcile(List.of(overlap("cam", 2)), 11);
    assertThat(log).containsExactly("start cam@1", "start cam@2");
  }

  @Test
  void anInstanceBeingStoppedIsListedAsAliveUntilItsStopReturnsThenConfirmedStopped() {
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(exclusive("rec", 3)), 10);
    reconciler.reconcile(List.of(), 12);
    assertThat(reconciler.appliedIndex()).isEqualTo(12);
    assertThat(live()).containsExactly("rec@3 stopping");
    assertThat(statuses).doesNotContain("rec@3 STOPPED");

    runStops();
    assertThat(live()).isEmpty();
    assertThat(statuses).contains("rec@3 STOPPED");
  }

  @Test
  void anExpiredLeaseKillsExclusiveInstancesAtOnceEvenWhileTheirStopIsStillInProgress() {
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(exclusive("rec", 3), exclusive("door", 1), overlap("cam", 1)), 10);
    reconciler.reconcile(List.of(exclusive("door", 1), overlap("cam", 1)), 11); // rec@3 is stopping, slowly

    reconciler.leaseChanged(false);

    assertThat(log).contains("SIGKILL rec@3", "SIGKILL door@1").doesNotContain("SIGKILL cam@1");
  }

  @Test
  void aFailedStopLeavesTheInstanceListedAsAliveAndUnconfirmed() {
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(exclusive("rec", 3)), 10);
    stopsFail = true;
    reconciler.reconcile(List.of(), 11);
    runStops();

    assertThat(live()).containsExactly("rec@3 stopping");
    assertThat(statuses).doesNotContain("rec@3 STOPPED");
  }

  private void runStops() {
    for (Runnable r = stops.poll(); r != null; r = stops.poll()) {
      r.run();
    }
  }

  private List<String> live() {
    return reconciler.usage().stream().map((ProcessorUsage u) -> u.getStreamId() + "@" + u.getEpoch() + (u.getStopping() ? " stopping" : ""))
        .toList();
  }

  private static DesiredInstance exclusive(String stream, long epoch) {
    return overlap(stream, epoch).toBuilder().setExclusive(true).build();
  }

  private static DesiredInstance overlap(String stream, long epoch) {
    return DesiredInstance.newBuilder().setStreamId(stream).setEpoch(epoch).setUrl("synthetic://" + stream)
        .setProcessor(Processor.newBuilder().setName("rec").setDriver("exec").addCommand("rec")).build();
  }
}
