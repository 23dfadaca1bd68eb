package io.streamfleet.server.state;

/**
 * An exclusive stream's instance that was told to stop (preempted, moved, deleted) and is not yet
 * known dead: the stream may start at a new epoch only once the fence is gone. It goes when the
 * node confirms the stop (a STOPPED report for that epoch, or a heartbeat that no longer lists the
 * instance after the node applied a desired set from {@code sinceIndex} on), when the node is
 * declared down (the leader then waits for its lease instead), or when the node registers as a
 * new agent process (whose start killed what the old one ran).
 *
 * @param node where the instance ran
 * @param epoch the instance's epoch
 * @param sinceIndex the log index of the command that told it to stop
 */
public record StopFence(String streamId, String node, long epoch, long sinceIndex) {}
