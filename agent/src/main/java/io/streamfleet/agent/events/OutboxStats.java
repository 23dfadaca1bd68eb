package io.streamfleet.agent.events;

/** What heartbeats report of the event outbox. */
public interface OutboxStats {
  /** No outbox (the failover simulation): nothing pending, nothing dropped. */
  OutboxStats NONE = new OutboxStats() {
    @Override
    public long pending() {
      return 0;
    }

    @Override
    public long dropped() {
      return 0;
    }
  };

  /** Events some sink has not acknowledged yet (the slowest sink's backlog). */
  long pending();

  /** Events deleted unacknowledged since the agent started, because the outbox hit a bound. */
  long dropped();
}
