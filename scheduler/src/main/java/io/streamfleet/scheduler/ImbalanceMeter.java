package io.streamfleet.scheduler;

import java.util.List;

/**
 * The coefficient of variation (population standard deviation / mean) of the allocated-CPU
 * fraction over a fixed set of nodes, kept as a running sum and sum of squares so that the effect
 * of one move is known in O(1). 0 for fewer than two nodes or an idle cluster.
 */
final class ImbalanceMeter {
  private final int nodes;
  private double sum;
  private double sumOfSquares;

  static double of(ClusterSnapshot snapshot) {
    return new ImbalanceMeter(measuredNodes(ClusterLoad.of(snapshot, Weights.DEFAULT))).cv();
  }

  /**
   * The nodes the imbalance is measured over: ready nodes with some CPU. Cordoned or draining
   * nodes are left out (they are being emptied on purpose), and so are nodes without CPU.
   */
  static List<NodeLoad> measuredNodes(ClusterLoad load) {
    return load.schedulable().stream().filter(n -> n.node().capacity().cpuMillis() > 0).toList();
  }

  /** Sums in the order given; callers pass nodes by id so equal clusters give equal figures. */
  ImbalanceMeter(List<NodeLoad> nodes) {
    this.nodes = nodes.size();
    for (NodeLoad n : nodes) {
      double f = n.cpuFraction();
      sum += f;
      sumOfSquares += f * f;
    }
  }

  double cv() {
    return cv(sum, sumOfSquares);
  }

  /** The CV if one node's fraction went from {@code oldA} to {@code newA} and another's from {@code oldB} to {@code newB}. */
  double cvAfter(double oldA, double newA, double oldB, double newB) {
    return cv(sum - oldA + newA - oldB + newB, sumOfSquares - oldA * oldA + newA * newA - oldB * oldB + newB * newB);
  }

  void record(double oldA, double newA, double oldB, double newB) {
    sum += -oldA + newA - oldB + newB;
    sumOfSquares += -oldA * oldA + newA * newA - oldB * oldB + newB * newB;
  }

  private double cv(double s, double squares) {
    if (nodes < 2 || s <= 0) {
      return 0.0;
    }
    double mean = s / nodes;
    double variance = Math.max(0.0, squares / nodes - mean * mean);
    return Math.sqrt(variance) / mean;
  }
}
