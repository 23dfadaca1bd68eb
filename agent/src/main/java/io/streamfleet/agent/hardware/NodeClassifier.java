package io.streamfleet.agent.hardware;

/**
 * Decides a node's {@link NodeClass} from its hardware. Pure: the same inputs always give the
 * same class.
 *
 * <ul>
 *   <li>{@link NodeClass#LAPTOP}: it has a system battery, whatever its size (a battery means it may
 *       be unplugged or suspended, which matters more than its power).
 *   <li>{@link NodeClass#SERVER}: more than {@value #SERVER_THREADS_ABOVE} CPU threads <em>and</em>
 *       more than {@value #SERVER_MEMORY_MB_ABOVE} MiB (32 GiB) of memory, and no battery.
 *   <li>{@link NodeClass#DESKTOP}: everything else.
 * </ul>
 *
 * <p>Both server bounds are strict: a machine with exactly 16 threads or exactly 32 GiB is a
 * desktop. Note that the kernel reports a little less memory than is installed, so a machine
 * with 32 GiB fitted is always below the bound.
 */
public final class NodeClassifier {
  public static final int SERVER_THREADS_ABOVE = 16;
  public static final long SERVER_MEMORY_MB_ABOVE = 32L * 1024;

  private NodeClassifier() {}

  public static NodeClass classify(int cpuThreads, long memoryMb, boolean hasBattery) {
    if (hasBattery) {
      return NodeClass.LAPTOP;
    }
    if (cpuThreads > SERVER_THREADS_ABOVE && memoryMb > SERVER_MEMORY_MB_ABOVE) {
      return NodeClass.SERVER;
    }
    return NodeClass.DESKTOP;
  }
}
