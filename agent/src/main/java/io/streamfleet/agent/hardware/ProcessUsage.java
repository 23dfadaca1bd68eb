package io.streamfleet.agent.hardware;

/**
 * What one exec processor's process tree uses, as sent with each heartbeat.
 *
 * @param cpuPercent CPU time since the previous sample as a percentage of <em>one</em> thread,
 *     so a tree keeping two threads busy reports 200
 * @param rssBytes resident memory summed over the tree. Pages shared between the processes
 *     (libraries, copy-on-write after fork) are counted once per process, so this overstates a
 *     forking tree somewhat; it is the number {@code ps} and {@code top} show
 * @param processes how many processes the tree had, 0 when its root has exited
 */
public record ProcessUsage(double cpuPercent, long rssBytes, int processes) {
  /** The usage of a tree whose root is gone. */
  public static final ProcessUsage NONE = new ProcessUsage(0, 0, 0);
}
