package io.streamfleet.scheduler;

/** Capacity figures and what-ifs, computed with the scheduler on hypothetical snapshots. */
public final class CapacityPlanner {
  private final Scheduler scheduler;

  public CapacityPlanner(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public CapacityReport report(ClusterSnapshot snapshot) {
    throw new UnsupportedOperationException("being written");
  }

  /**
   * What happens if {@code count} more streams like {@code like} are added: how many of them
   * place, and the report of the resulting cluster.
   */
  public WhatIf addStreams(ClusterSnapshot snapshot, StreamSlot like, int count) {
    throw new UnsupportedOperationException("being written");
  }

  /** @param reasonFirstUnplaced why the first stream that does not fit does not, or null */
  public record WhatIf(int requested, int placeable, String reasonFirstUnplaced, CapacityReport after) {}
}
