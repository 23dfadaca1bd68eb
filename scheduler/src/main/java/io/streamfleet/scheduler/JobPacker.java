package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch jobs onto spare capacity. Jobs come in dispatch order (priority, then FIFO); each goes to
 * the admitting node (schedulable, zone, labels, accelerator: {@link HardConstraints}) with room
 * for it that keeps the most CPU free afterwards, so jobs spread rather than pile onto one node.
 * A job that fits nowhere is skipped, not waited for: smaller jobs behind it may still use the
 * room (backfill). Pure, like the rest of the scheduler.
 *
 * <p>"Spare" is what the caller says is used: the streams' reservations, the active jobs', and
 * the room the next placement round will give to pending streams. Live streams come first
 * because the caller counts them before any job, and because jobs on a node are the first
 * victims when a stream needs room ({@link PreemptionSearch} evicts lower priorities first; the
 * server gives job slots a priority below every stream's).
 */
public final class JobPacker {
  private JobPacker() {}

  /**
   * @param nodes the candidate nodes (capacity = what each offers)
   * @param used what is already reserved on each node (absent: nothing)
   * @param jobs the jobs to place, in order; their {@code node} is ignored
   * @param max stop after this many placements
   */
  public static List<Plan.Placement> pack(List<NodeSlot> nodes, Map<String, Resources> used, List<StreamSlot> jobs, int max) {
    Map<String, int[]> free = new HashMap<>();
    for (NodeSlot n : nodes) {
      Resources u = used.getOrDefault(n.id(), Resources.of(0, 0));
      free.put(n.id(), new int[] {n.capacity().cpuMillis() - u.cpuMillis(), n.capacity().memoryMb() - u.memoryMb(),
          n.capacity().gpu() - u.gpu()});
    }
    List<NodeSlot> sorted = new ArrayList<>(nodes);
    sorted.sort((a, b) -> a.id().compareTo(b.id()));
    List<Plan.Placement> out = new ArrayList<>();
    for (StreamSlot job : jobs) {
      if (out.size() >= max) {
        break;
      }
      NodeSlot best = null;
      long bestLeft = Long.MIN_VALUE;
      for (NodeSlot n : sorted) {
        int[] f = free.get(n.id());
        Resources r = job.request();
        if (f[0] < r.cpuMillis() || f[1] < r.memoryMb() || f[2] < r.gpu() || !HardConstraints.admits(n, job)) {
          continue;
        }
        // CPU left as a fraction of the node's capacity, in parts per million: comparable across node sizes.
        long left = n.capacity().cpuMillis() == 0 ? 0 : (f[0] - r.cpuMillis()) * 1_000_000L / n.capacity().cpuMillis();
        if (left > bestLeft) {
          best = n;
          bestLeft = left;
        }
      }
      if (best != null) {
        int[] f = free.get(best.id());
        f[0] -= job.request().cpuMillis();
        f[1] -= job.request().memoryMb();
        f[2] -= job.request().gpu();
        out.add(new Plan.Placement(job.id(), best.id()));
      }
    }
    return out;
  }
}
