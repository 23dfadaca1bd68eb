package io.streamfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodePoolTest {
  private final List<NodeLoad> nodes = new ArrayList<>();

  private NodePool poolOf(int... cpuReserved) {
    for (int i = 0; i < cpuReserved.length; i++) {
      NodeLoad node = new NodeLoad(NodeSlot.of("n-" + i, "z", Resources.of(4000, 4096)), i, "z", Weights.DEFAULT);
      node.addRunning(Resources.of(cpuReserved[i], 0));
      node.rescore();
      nodes.add(node);
    }
    return new NodePool(nodes);
  }

  @Test
  void membersComeLeastLoadedFirstAndEqualScoresByIdWhateverTheirPosition() {
    NodePool pool = poolOf(3000, 1000, 2000, 1000, 0, 3000, 2000);

    assertThat(pool.leastLoaded(7)).extracting(NodeLoad::id).containsExactly("n-4", "n-1", "n-3", "n-2", "n-6", "n-0", "n-5");
  }

  @Test
  void aChangeOfLoadReRanksTheNode() {
    NodePool pool = poolOf(0, 1000, 2000);

    nodes.get(0).reserve(Resources.of(2500, 0));
    nodes.get(2).release(Resources.of(1500, 0));

    assertThat(pool.leastLoaded(3)).extracting(NodeLoad::id).containsExactly("n-2", "n-1", "n-0");
  }

  @Test
  void theLeastLoadedFittingNodeSkipsFullAndRejectedNodesInOrder() {
    NodePool pool = poolOf(3800, 0, 500, 1000, 2000);

    NodeLoad chosen = pool.leastLoadedFitting(Resources.of(1000, 0), n -> n.id().equals("n-1") || n.id().equals("n-2"));

    assertThat(chosen.id()).isEqualTo("n-3");
    assertThat(pool.leastLoadedFitting(Resources.of(4000, 0), n -> false).id()).isEqualTo("n-1");
    assertThat(pool.leastLoadedFitting(Resources.of(4001, 0), n -> false)).isNull();
  }

  @Test
  void anEmptyPoolHasNoNode() {
    NodePool pool = poolOf();

    assertThat(pool.leastLoadedFitting(Resources.of(1, 0), n -> false)).isNull();
    assertThat(pool.leastLoaded(3)).isEmpty();
  }
}
