package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;

/**
 * A stream a round places: what placing it needs, read from the stream once, and, once placed,
 * on which node and through which pool.
 *
 * <p>The fields are read in snapshot order, when the round starts. Placement goes in another
 * order ({@link PlacementOrder}), and a stream's fields are scattered objects (its overlap zones
 * alone are a set, a map and an entry), so reading them then would miss the cache on every
 * stream. One object per stream serves both halves, so a full placement allocates no second
 * one.
 */
final class PendingStream {
  private final StreamSlot stream;
  private final String id;
  private final int priority;
  private final Resources request;
  private final NodePools.Reach reach;
  private final SpreadIndex.Members group;
  private NodeLoad node;
  private NodePool pool;

  /**
   * @param reach the pools it may use, by tier
   * @param group the members of its spread group, or null when it has none
   */
  PendingStream(StreamSlot stream, NodePools.Reach reach, SpreadIndex.Members group) {
    this.stream = stream;
    this.id = stream.id();
    this.priority = stream.priority();
    this.request = stream.request();
    this.reach = reach;
    this.group = group;
  }

  StreamSlot stream() {
    return stream;
  }

  String id() {
    return id;
  }

  int priority() {
    return priority;
  }

  Resources request() {
    return request;
  }

  NodePools.Reach reach() {
    return reach;
  }

  /** The members of the stream's spread group, or null when it has none. */
  SpreadIndex.Members group() {
    return group;
  }

  /** The node it was placed on; null while it is not placed. */
  NodeLoad node() {
    return node;
  }

  /** The pool its node came from when the refinement may move it within that pool, else null. */
  NodePool pool() {
    return pool;
  }

  /** Records where the round put the stream (the caller reserves the room and counts the member). */
  void placedOn(NodeLoad target, NodePool from) {
    this.node = target;
    this.pool = from;
  }

  /** Moves the placed stream to {@code target}, and its membership in the spread group with it. */
  void moveTo(NodeLoad target) {
    if (group != null) {
      group.remove(node);
      group.add(target);
    }
    this.node = target;
  }

  Plan.Placement toPlan() {
    return new Plan.Placement(id, node.id());
  }
}
