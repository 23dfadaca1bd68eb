package io.streamfleet.server.raft;

/**
 * Where leader-only controllers (failure detector, scheduler, ...) start and stop. Calls may
 * repeat: a listener must treat them as idempotent.
 */
public interface LeadershipListener {
  LeadershipListener NONE = new LeadershipListener() {
    @Override
    public void leadershipGained() {}

    @Override
    public void leadershipLost() {}
  };

  /** This server became leader and has applied its first entry of the new term. */
  void leadershipGained();

  /** This server is no longer leader. */
  void leadershipLost();
}
