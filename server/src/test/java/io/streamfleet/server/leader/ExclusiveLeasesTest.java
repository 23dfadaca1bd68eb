package io.streamfleet.server.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.state.ClusterState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExclusiveLeasesTest {
  private static final CommandMeta META = new CommandMeta(1, "test", "test");
  private static final DetectorSettings SETTINGS = DetectorSettings.DEFAULTS;
  private static final long LEASE_AND_MARGIN = SETTINGS.leaseMs() + SETTINGS.leaseMarginMs();

  private final ClusterState state = ClusterState.initial();
  private final ExclusiveLeases leases = new ExclusiveLeases(SETTINGS);
  private long index = 1;

  @Test
  void aStreamFencedOnADownNodeWaitsUntilTheNodesLastRenewalPlusLeaseAndMargin() {
    leases.becameLeader(1_000);
    downWithExclusiveStream();
    leases.renewed("n1", 2_000);

    assertThat(leases.waiting(state, "rec", 2_000 + LEASE_AND_MARGIN - 1)).isTrue();
    assertThat(leases.waiting(state, "rec", 2_000 + LEASE_AND_MARGIN)).isFalse();
  }

  @Test
  void aRenewalPushesTheReleaseBack() {
    leases.becameLeader(1_000);
    downWithExclusiveStream();
    leases.renewed("n1", 2_000);
    leases.renewed("n1", 3_000); // the node came back and this leader renews its lease: it must confirm instead

    assertThat(leases.waiting(state, "rec", 2_000 + LEASE_AND_MARGIN)).isTrue();
    assertThat(leases.freeAtMs("n1")).isEqualTo(3_000 + LEASE_AND_MARGIN);
  }

  @Test
  void aNewLeaderCountsEveryNodeAsRenewedWhenItTookOver() {
    downWithExclusiveStream();
    leases.renewed("n1", 500); // before this server led: forgotten
    leases.becameLeader(10_000);

    assertThat(leases.freeAtMs("n1")).isEqualTo(10_000 + LEASE_AND_MARGIN);
  }

  @Test
  void streamsWithoutAFenceNeverWait() {
    leases.becameLeader(1_000);
    state.apply(new CreateStream(META, new StreamSpec("new", "synthetic://new", "motion", null, Resources.of(100, 64), null, 50,
        HandoverPolicy.EXCLUSIVE, null, null)), index++);
    assertThat(leases.waiting(state, "new", 1_000)).isFalse();
  }

  private void downWithExclusiveStream() {
    state.apply(new RegisterNode(META, "n1", 1, null, null, "server", Resources.of(4000, 4096)), index++);
    state.apply(new CreateStream(META, new StreamSpec("rec", "synthetic://rec", "motion", null, Resources.of(100, 64), null, 50,
        HandoverPolicy.EXCLUSIVE, null, null)), index++);
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("rec", 0, "n1")), Map.of()), index++);
    state.apply(new NodeDown(META, "n1", 1, "silent", List.of()), index++);
  }
}
