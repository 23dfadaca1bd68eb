package io.streamfleet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import io.streamfleet.protocol.v1.ProcessorStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private final List<String> log = new ArrayList<>();
  private final List<String> statuses = new ArrayList<>();
  private final List<InstanceListener> listeners = new ArrayList<>();

  private final ProcessorDriver fakeDriver = (d, l) -> {
    log.add("start " + d.getStreamId() + "@" + d.getEpoch());
    listeners.add(l);
    return new ProcessorHandle() {
      @Override
      public void stop() {
        log.add("stop " + d.getStreamId() + "@" + d.getEpoch());
      }

      @Override
      public InstanceUsage usage() {
        return new InstanceUsage(9.5, 3, 0, 10, 0, 0);
      }
    };
  };

  private final Reconciler reconciler = new Reconciler(Map.of("builtin", fakeDriver), new Reconciler.StatusSink() {
    @Override
    public void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts) {
      statuses.add(streamId + "@" + epoch + " " + state + (reason == null ? "" : " " + reason));
    }

    @Override
    public void event(String streamId, long epoch, String kind, String payloadJson) {}
  });

  @Test
  void startsWhatIsDesiredAndReportsStartingThenRunning() {
    reconciler.reconcile(List.of(instance("cam-1", 1), instance("cam-2", 1)));
    assertThat(log).containsExactlyInAnyOrder("start cam-1@1", "start cam-2@1");
    listeners.getFirst().running();
    assertThat(statuses).contains("cam-1@1 STARTING", "cam-2@1 STARTING").hasSize(3);
    assertThat(statuses.getLast()).endsWith("RUNNING");
  }

  @Test
  void applyingTheSameSetAgainChangesNothing() {
    reconciler.reconcile(List.of(instance("cam-1", 1)));
    reconciler.reconcile(List.of(instance("cam-1", 1)));
    assertThat(log).containsExactly("start cam-1@1");
  }

  @Test
  void stopsWhatIsNoLongerDesired() {
    reconciler.reconcile(List.of(instance("cam-1", 1), instance("cam-2", 1)));
    reconciler.reconcile(List.of(instance("cam-2", 1)));
    assertThat(log).endsWith("stop cam-1@1");
    assertThat(reconciler.runningCount()).isEqualTo(1);
  }

  @Test
  void aNewEpochReplacesTheStaleInstance() {
    reconciler.reconcile(List.of(instance("cam-1", 1)));
    reconciler.reconcile(List.of(instance("cam-1", 2)));
    assertThat(log).containsExactly("start cam-1@1", "stop cam-1@1", "start cam-1@2");
  }

  @Test
  void aNewProcessorSpecAtTheSameEpochRestartsTheInstanceWithoutReportingItStopped() {
    reconciler.reconcile(List.of(instance("cam-1", 4)));
    DesiredInstance v2 = instance("cam-1", 4).toBuilder().setProcessor(instance("cam-1", 4).getProcessor().toBuilder().setVersion(2)).build();
    statuses.clear();

    reconciler.reconcile(List.of(v2));

    assertThat(log).containsExactly("start cam-1@4", "stop cam-1@4", "start cam-1@4");
    assertThat(statuses).containsExactly("cam-1@4 STARTING");
  }

  @Test
  void anInstanceOfAnUnknownDriverFailsWithAReasonNamingTheDriversThereAre() {
    reconciler.reconcile(List.of(DesiredInstance.newBuilder().setStreamId("rec").setEpoch(3)
        .setProcessor(Processor.newBuilder().setName("recorder").setDriver("exec")).build()));
    assertThat(statuses).containsExactly("rec@3 FAILED this agent has no 'exec' driver (it runs: builtin)");
    assertThat(log).isEmpty();
  }

  @Test
  void afterAReconnectEveryInstancesStateIsSentAgain() {
    reconciler.reconcile(List.of(instance("cam-1", 4)));
    listeners.getFirst().running();
    statuses.clear();
    reconciler.resendStatuses();
    assertThat(statuses).containsExactly("cam-1@4 RUNNING");
  }

  @Test
  void usageIsReportedPerInstanceWithItsEpoch() {
    reconciler.reconcile(List.of(instance("cam-1", 2)));
    assertThat(reconciler.usage()).singleElement().satisfies(u -> {
      assertThat(u.getStreamId()).isEqualTo("cam-1");
      assertThat(u.getEpoch()).isEqualTo(2);
      assertThat(u.getFps()).isEqualTo(9.5);
    });
  }

  @Test
  void closeStopsEverything() {
    reconciler.reconcile(List.of(instance("cam-1", 1), instance("cam-2", 1)));
    reconciler.close();
    assertThat(log).contains("stop cam-1@1", "stop cam-2@1");
    assertThat(reconciler.runningCount()).isZero();
  }

  @Test
  void anExclusiveInstanceStartsOnlyFromASetReceivedUnderAValidLeaseAndStopsWhenItRunsOut() {
    DesiredInstance door = instance("door", 3).toBuilder().setExclusive(true).build();
    reconciler.reconcile(List.of(door, instance("cam-1", 1)));
    assertThat(log).containsExactly("start cam-1@1");
    assertThat(reconciler.desiredStale()).as("the exclusive part was left out: ask for the set again").isTrue();

    reconciler.leaseChanged(true);
    assertThat(log).as("a set received without a lease is not trusted for exclusive instances").containsExactly("start cam-1@1");
    reconciler.reconcile(List.of(door, instance("cam-1", 1)));
    assertThat(log).containsExactly("start cam-1@1", "start door@3");
    assertThat(reconciler.desiredStale()).isFalse();

    reconciler.leaseChanged(false);
    // Only the exclusive one stops: overlap streams keep running without the control plane.
    assertThat(log).containsExactly("start cam-1@1", "start door@3", "stop door@3", "stop door@3");
    assertThat(statuses).anyMatch(s -> s.startsWith("door@3 STOPPED lease expired"));
    assertThat(reconciler.runningCount()).isEqualTo(1);
    assertThat(reconciler.desiredStale()).isTrue();

    reconciler.leaseChanged(true);
    assertThat(log.stream().filter("start door@3"::equals)).as("no replay of the old set after a lapse: the stream may have moved")
        .hasSize(1);
    reconciler.reconcile(List.of(door, instance("cam-1", 1)));
    assertThat(log.stream().filter("start door@3"::equals)).as("a stopped instance never starts again, even when asked").hasSize(1);
    reconciler.reconcile(List.of(door.toBuilder().setEpoch(4).build(), instance("cam-1", 1)));
    assertThat(log).as("the leader places it anew at the next epoch").endsWith("start door@4");
  }

  @Test
  void aStoppedInstanceIsReportedAgainAfterAReconnectWhileItsEpochIsStillDesired() {
    DesiredInstance door = instance("door", 3).toBuilder().setExclusive(true).build();
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(door));
    reconciler.leaseChanged(false);
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(door)); // the leader has not heard of the stop yet
    statuses.clear();

    reconciler.resendStatuses();

    assertThat(statuses).containsExactly("door@3 STOPPED stopped here; needs a new epoch");
  }

  @Test
  void aLeaseRenewedAfterTheStreamMovedAwayStartsNothing() {
    DesiredInstance door = instance("door", 3).toBuilder().setExclusive(true).build();
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(door));
    reconciler.leaseChanged(false);
    reconciler.reconcile(List.of());
    reconciler.leaseChanged(true);

    // killed at once at the lapse, then stopped (the fake records both)
    assertThat(log).containsExactly("start door@3", "stop door@3", "stop door@3");
  }

  private static DesiredInstance instance(String stream, long epoch) {
    return DesiredInstance.newBuilder().setStreamId(stream).setEpoch(epoch).setUrl("synthetic://" + stream)
        .setProcessor(Processor.newBuilder().setName("motion").setDriver("builtin").setBuiltin("motion")).build();
  }
}
