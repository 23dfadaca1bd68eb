package io.streamfleet.server.agents;

import io.streamfleet.server.leader.Leader;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What an agent session needs from the server, in one place.
 *
 * @param clock the wall clock, for command stamps only (durations are the leader's business)
 * @param staleEvents events dropped because their epoch was superseded
 * @param mayGrantLeases whether this server may renew agents' leases now: it leads and has heard
 *     from a majority of its peers recently enough that no other server can have been elected
 *     meanwhile (a deposed leader that has not noticed yet must not renew leases)
 */
public record AgentServices(
    String serverId,
    Clock clock,
    WritePort writes,
    Leader leader,
    AgentRegistry registry,
    StateStore store,
    LongAdder staleEvents,
    BooleanSupplier isLeaderNow,
    BooleanSupplier mayGrantLeases,
    Supplier<String> leaderIdSupplier,
    Supplier<String> leaderRpcAddressSupplier,
    long heartbeatIntervalMs,
    long leaseMs) {

  boolean isLeader() {
    return isLeaderNow.getAsBoolean();
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
