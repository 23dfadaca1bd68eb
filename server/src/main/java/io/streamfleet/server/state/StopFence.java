package io.streamfleet.server.state;

/**
 * An exclusive stream's instance that left its node (preempted, moved, deleted, or its node
 * declared down) and is not yet known dead: the stream may start at a new epoch only once the
 * fence is gone, or once the leader knows the node's lease has run out (see the leader's
 * {@code ExclusiveLeases}). It goes when the node confirms the stop (a STOPPED report for that
 * epoch, or a heartbeat that lists no instance of that epoch or an older one after the node applied
 * a desired set from {@code sinceIndex} on), or when the node registers as a new agent process
 * (whose start killed what the old one ran).
 *
 * @param node where the instance ran
 * @param epoch the instance's epoch
 * @param sinceIndex the log index of the command that told it to stop
 */
public record StopFence(String streamId, String node, long epoch, long sinceIndex) {}
