package io.streamfleet.server.leader;

import io.streamfleet.server.failover.Timers;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.tracing.StreamTraces;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Everything the leader's controllers touch outside themselves. The server gives real threads,
 * clocks, Raft and gRPC sessions ({@link LeaderThreads}); the failover simulation gives its event
 * loop, a manual clock, a direct apply and simulated sessions, and so runs the same controllers.
 *
 * @param wallClock for command stamps only (audit, {@code since_ms})
 * @param monotonicClock for every duration: silence, leases, timers
 * @param workers a serial executor per controller, by name; tasks of one worker run one at a time in order
 * @param timers keyed timers per controller, by name, on {@code monotonicClock}
 * @param writes where commands go
 * @param sessions the agents connected here
 * @param isLeader whether this server leads now (asked before every decision)
 * @param traces where placements and pushes find a stream's trace ({@link StreamTraces#OFF}: none)
 */
public record LeaderPorts(
    Clock wallClock,
    Clock monotonicClock,
    Function<String, Executor> workers,
    Function<String, Timers> timers,
    WritePort writes,
    AgentSessions sessions,
    BooleanSupplier isLeader,
    StreamTraces traces) {

  /** Ports without tracing (tests, the simulation). */
  public LeaderPorts(Clock wallClock, Clock monotonicClock, Function<String, Executor> workers, Function<String, Timers> timers,
      WritePort writes, AgentSessions sessions, BooleanSupplier isLeader) {
    this(wallClock, monotonicClock, workers, timers, writes, sessions, isLeader, StreamTraces.OFF);
  }
}
