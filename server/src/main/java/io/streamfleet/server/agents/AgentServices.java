package io.streamfleet.server.agents;

import io.streamfleet.server.failover.FailureDetector;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What an agent session needs from the server, in one place. */
record AgentServices(
    String serverId,
    Clock clock,
    CommandSubmitter submitter,
    NodeLiveness liveness,
    AgentRegistry registry,
    DesiredStatePusher pusher,
    FailureDetector detector,
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
