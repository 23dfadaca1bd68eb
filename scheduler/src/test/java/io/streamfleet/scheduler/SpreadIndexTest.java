package io.streamfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadIndexTest {
  @Test
  void aGroupOnManyNodesCountsThemAllAsMembersComeAndGo() {
    List<NodeSlot> nodes = new ArrayList<>();
    List<StreamSlot> streams = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      nodes.add(NodeSlot.of(String.format("n-%02d", i), "z", Resources.of(4000, 4096)));
      streams.add(new StreamSlot("run-" + i, Resources.of(100, 0), "z", null, null, 0, "lobby", String.format("n-%02d", i)));
    }
    streams.add(new StreamSlot("run-extra", Resources.of(100, 0), "z", null, null, 0, "lobby", "n-03"));
    streams.add(new StreamSlot("other", Resources.of(100, 0), "z", null, null, 0, "hall", "n-05"));
    ClusterLoad load = ClusterLoad.of(new ClusterSnapshot(nodes, streams), Weights.DEFAULT);
    SpreadIndex index = SpreadIndex.tracking(load);
    SpreadIndex.Members lobby = index.track("lobby");
    index.trackingDone();
    NodeLoad n3 = load.node("n-03");
    NodeLoad n7 = load.node("n-07");

    lobby.remove(n7);
    lobby.add(n3);

    assertThat(lobby.count(n3)).isEqualTo(3);
    assertThat(lobby.has(n7)).isFalse();
    assertThat(lobby.count(load.node("n-19"))).isEqualTo(1);
    assertThat(index.nodesOf("lobby")).hasSize(19).extracting(NodeLoad::id).startsWith("n-00", "n-01", "n-02", "n-03", "n-04", "n-05");
    assertThat(index.of("hall")).isNull();
  }
}
