package io.streamfleet.agent.exec;

/**
 * Told of each process group an exclusive instance runs in, from its start until it is gone, so
 * that something outside the agent's JVM can kill it when the lease runs out (see {@link
 * LeaseWatchdog}).
 */
public interface ExclusiveGuard {
  /** Nothing guards (overlap instances, tests). */
  ExclusiveGuard NONE = new ExclusiveGuard() {
    @Override
    public void guard(long pgid) {}

    @Override
    public void unguard(long pgid) {}
  };

  void guard(long pgid);

  void unguard(long pgid);

  /**
   * Whether the lease holds now. An exclusive processor that died (the watchdog killed it at the
   * lease's end, or it crashed) is restarted only while it holds.
   */
  default boolean leaseHolds() {
    return true;
  }
}
