package io.streamfleet.server.agents;

import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What an agent session needs from the server, in one place.
 *
 * @param clock the wall clock, for command stamps only (durations are measured by the detector)
 * @param staleEvents events dropped because their epoch was superseded
 */
record AgentServices(
    String serverId,
    Clock clock,
    CommandSubmitter submitter,
    NodeLiveness liveness,
    AgentRegistry registry,
    DesiredStatePusher pusher,
    StopConfirmations confirmations,
    FailureDetector detector,
    StateStore store,
    java.util.concurrent.atomic.LongAdder staleEvents,
    BooleanSupplier leader,
    Supplier<String> leaderIdSupplier,
    Supplier<String> leaderRpcAddressSupplier,
    long heartbeatIntervalMs,
    long leaseMs) {

  boolean isLeader() {
    return leader.getAsBoolean();
  }

  String leaderId() {
    String id = leaderIdSupplier.get();
    return id == null ? "" : id;
  }

  String leaderRpcAddress() {
    String a = leaderRpcAddressSupplier.get();
    return a == null ? "" : a;
  }
}
