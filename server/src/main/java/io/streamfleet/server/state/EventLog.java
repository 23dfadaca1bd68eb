package io.streamfleet.server.state;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cluster's event log, one aggregate of {@link ClusterState}: processor events the agents
 * reported and the cluster's own changes (node states, placements, migrations, rule firings),
 * each with an id one above the previous entry's. It keeps the newest {@link #LIMIT} entries;
 * being part of the replicated state, every server serves the same ids and a new leader knows
 * which processor events it has already taken.
 *
 * <p>Deterministic like the rest of the state: nothing here reads a clock.
 */
final class EventLog {
  /** The log keeps this many newest entries; a consumer further behind resumes at the oldest. */
  static final int LIMIT = 10_000;

  private final ArrayDeque<EventRecord> entries = new ArrayDeque<>();
  /** stream → {epoch, seq} of the newest processor event taken: older ones are duplicates. */
  private final NavigableMap<String, long[]> lastTaken = new TreeMap<>();
  /** Make-before-break moves: the successors' held events and the frame boundaries of past hand-overs. */
  private final HandoverEvents handovers = new HandoverEvents();
  private long lastId;
  private long publishedId;

  void restore(List<EventRecord> saved, NavigableMap<String, long[]> taken, long savedLastId, long savedPublishedId) {
    if (saved != null) {
      entries.addAll(saved);
    }
    if (taken != null) {
      lastTaken.putAll(taken);
    }
    lastId = savedLastId;
    publishedId = savedPublishedId;
  }

  /**
   * Takes the events of {@code c} that come from the stream's current instance (its node and
   * epoch now) and that are newer than the last one taken for that stream and epoch. During a
   * make-before-break move the successor's events are held until it becomes current (see {@link
   * #handedOver}); after it, the old instance's late events for frames before the boundary are
   * still taken, and either instance's events for the other's frames are dropped as duplicates.
   * An exclusive instance's last events are taken after it left (see {@link #lastOfLastInstance}).
   *
   * @return the number taken
   */
  CommandResult append(AppendEvents c, Function<String, Assignment> assignments, Function<String, String> zoneOfStream,
      Predicate<String> exclusive) {
    int taken = 0;
    for (AppendEvents.Item e : c.events()) {
      Assignment a = assignments.apply(e.stream());
      if (a == null) {
        continue; // a deleted stream
      }
      if (a.epoch() == e.epoch() && c.node().equals(a.node())) {
        if (handovers.ownedByPredecessor(e)) {
          continue; // a frame the old instance had already covered when this one took over
        }
        long[] last = lastTaken.get(e.stream());
        if (last != null && (last[0] > e.epoch() || (last[0] == e.epoch() && last[1] >= e.seq()))) {
          continue; // seen before: the agent re-sent what a broken session never acknowledged
        }
        lastTaken.put(e.stream(), new long[] {e.epoch(), e.seq()});
        handovers.taken(e);
        take(e, c.node(), zoneOfStream);
        taken++;
      } else if (a.handover() != null && a.handover().epoch() == e.epoch() && c.node().equals(a.handover().toNode())) {
        handovers.hold(e); // the successor's: taken from the boundary on once it is current
      } else if (handovers.lateFromPredecessor(c.node(), e)) {
        take(e, c.node(), zoneOfStream); // the old instance's, for a frame it still owns
        taken++;
      } else if (exclusive.test(e.stream()) && lastOfLastInstance(e, a)) {
        lastTaken.put(e.stream(), new long[] {e.epoch(), e.seq()});
        take(e, c.node(), zoneOfStream);
        taken++;
      }
      // else a superseded instance: fenced off
    }
    return CommandResult.ok(taken);
  }

  /**
   * Whether an event from {@code node} could be taken (the agent edge drops the rest before they
   * reach Raft): from the stream's current instance, from the successor of a move in flight (held),
   * or from the instance a hand-over replaced (its late events for frames it owned). {@link #append}
   * decides exactly.
   */
  boolean admissible(String node, AppendEvents.Item e, Assignment a, boolean exclusive) {
    if (a == null) {
      return false;
    }
    return (a.epoch() == e.epoch() && node.equals(a.node()))
        || (a.handover() != null && a.handover().epoch() == e.epoch() && node.equals(a.handover().toNode()))
        || handovers.fromPredecessor(node, e)
        || (exclusive && lastOfLastInstance(e, a));
  }

  /**
   * Whether {@code e} continues the events of the instance taken last, an exclusive stream's
   * instance that has left its place since ({@code a} is at a later epoch). Its last events reach
   * the leader after it was told to stop: the outbox delivers them on its own schedule. The
   * exclusive rule let no other instance run before it stopped, so those frames are its alone;
   * they are taken until an event of a newer instance is, and never from an instance whose events
   * were not the last taken (an overlap stream's old instance is a duplicate or a zombie instead).
   */
  private boolean lastOfLastInstance(AppendEvents.Item e, Assignment a) {
    long[] last = lastTaken.get(e.stream());
    return e.epoch() < a.epoch() && last != null && last[0] == e.epoch() && e.seq() > last[1];
  }

  private void take(AppendEvents.Item e, String node, Function<String, String> zoneOfStream) {
    add(new EventRecord(0, EventTypes.PROCESSOR, e.atMs(), e.stream(), e.epoch(), e.seq(), node, null,
        zoneOfStream.apply(e.stream()), e.kind(), null, null, e.payload()));
  }

  /**
   * Stream {@code before}'s successor became current ({@code after}): records the hand-over marker
   * and takes the successor's held events from the boundary frame on (see {@link HandoverEvents}).
   */
  void handedOver(Assignment before, Assignment after, String purpose, String zone, long atMs) {
    HandoverEvents.Boundary b = handovers.handOver(before.streamId(), before.node(), before.epoch(), lastSeq(before), after.epoch());
    com.fasterxml.jackson.databind.node.ObjectNode payload = io.streamfleet.model.Json.mapper().createObjectNode()
        .put("from_epoch", before.epoch()).put("purpose", purpose);
    if (before.handover() != null) {
      payload.put("duration_ms", Math.max(0, atMs - before.handover().startedMs())); // from the move's start to this hand-over
    }
    if (b.frame() != null) {
      payload.put("frame", b.frame());
    }
    add(new EventRecord(0, EventTypes.HANDOVER, atMs, after.streamId(), after.epoch(), null, after.node(), before.node(), zone,
        null, null, null, payload));
    for (AppendEvents.Item e : handovers.release(after.streamId(), b)) {
      lastTaken.put(e.stream(), new long[] {e.epoch(), e.seq()});
      handovers.taken(e);
      add(new EventRecord(0, EventTypes.PROCESSOR, e.atMs(), e.stream(), e.epoch(), e.seq(), after.node(), null, zone, e.kind(),
          null, null, e.payload()));
    }
  }

  /** A successor given up: its held events go. */
  void handoverAborted(String streamId) {
    handovers.drop(streamId);
  }

  private long lastSeq(Assignment a) {
    long[] last = lastTaken.get(a.streamId());
    return last != null && last[0] == a.epoch() ? last[1] : 0;
  }

  /** Records what changed between a stream's assignment before and after a command. */
  void assignmentChanged(Assignment before, Assignment after, String zone, long atMs) {
    String from = before == null ? null : before.node();
    String to = after == null ? null : after.node();
    if (Objects.equals(from, to) && (after == null || before == null || before.epoch() == after.epoch())) {
      return;
    }
    if (to == null) {
      if (from != null && after != null) {
        add(new EventRecord(0, EventTypes.UNASSIGNED, atMs, after.streamId(), after.epoch(), null, null, from, zone, null,
            after.reason(), null, null));
      }
      return;
    }
    String type = from == null ? EventTypes.ASSIGNMENT : EventTypes.MIGRATION;
    if (from != null && from.equals(to)) {
      type = EventTypes.ASSIGNMENT; // a new instance on the same node (a changed spec, a restart)
    }
    add(new EventRecord(0, type, atMs, after.streamId(), after.epoch(), null, to, from, zone, null, after.reason(), null, null));
  }

  /**
   * Records a running stream's camera going away ({@code degraded}) or coming back
   * ({@code recovered}); other state changes have their own entries (assignment, migration).
   */
  void streamHealthChanged(Assignment a, AssignmentState now, String reason, String zone, long atMs) {
    boolean degraded = now == AssignmentState.DEGRADED;
    if (degraded == (a.state() == AssignmentState.DEGRADED) || (!degraded && now != AssignmentState.RUNNING)) {
      return;
    }
    add(new EventRecord(0, EventTypes.STREAM, atMs, a.streamId(), a.epoch(), null, a.node(), null, zone,
        degraded ? "degraded" : "recovered", reason, null, null));
  }

  /**
   * Records a rollout that started ({@code before} null or of another version) or changed status;
   * progress within a status (a stream updated) is not an entry.
   */
  void rolloutChanged(io.streamfleet.model.rollout.Rollout before, io.streamfleet.model.rollout.Rollout after, long atMs) {
    if (after == null || (before != null && before.version() == after.version() && before.status() == after.status())) {
      return;
    }
    com.fasterxml.jackson.databind.node.ObjectNode payload = io.streamfleet.model.Json.mapper().createObjectNode()
        .put("processor", after.processor()).put("version", after.version()).put("from_version", after.fromVersion());
    add(new EventRecord(0, EventTypes.ROLLOUT, atMs, null, null, null, null, null, null, after.status().wireName(), after.reason(),
        null, payload));
  }

  /** Records a node's new state (or its removal: {@code after} null). */
  void nodeChanged(NodeRecord before, NodeRecord after, long atMs) {
    NodeState was = before == null ? null : before.effectiveState();
    NodeState now = after == null ? null : after.effectiveState();
    if (was == now) {
      return;
    }
    NodeRecord n = after != null ? after : before;
    add(new EventRecord(0, EventTypes.NODE, atMs, null, null, null, n.id(), null, n.zone(),
        now == null ? "removed" : now.wireName(), after == null ? null : after.stateReason(), null, null));
  }

  /** Records a rule firing or the end of its action. */
  void add(EventRecord e) {
    entries.addLast(e.withId(++lastId));
    while (entries.size() > LIMIT) {
      entries.removeFirst();
    }
  }

  CommandResult published(long upToId) {
    publishedId = Math.max(publishedId, Math.min(upToId, lastId));
    return CommandResult.ok(publishedId);
  }

  /** Up to {@code limit} entries after {@code afterId} that {@code filter} accepts, oldest first. */
  List<EventRecord> after(long afterId, Predicate<EventRecord> filter, int limit) {
    List<EventRecord> out = new ArrayList<>();
    if (afterId >= lastId) {
      return out;
    }
    // Entries are in id order: walk back from the newest to the first one after afterId.
    Iterator<EventRecord> it = entries.descendingIterator();
    ArrayDeque<EventRecord> newer = new ArrayDeque<>();
    while (it.hasNext()) {
      EventRecord e = it.next();
      if (e.id() <= afterId) {
        break;
      }
      newer.addFirst(e);
    }
    for (EventRecord e : newer) {
      if (filter.test(e)) {
        out.add(e);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  /** Entries newest first, back to (not including) the first one older than {@code sinceMs}. */
  List<EventRecord> recent(long sinceMs) {
    List<EventRecord> out = new ArrayList<>();
    for (Iterator<EventRecord> it = entries.descendingIterator(); it.hasNext(); ) {
      EventRecord e = it.next();
      if (e.atMs() < sinceMs) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  long lastId() {
    return lastId;
  }

  /** The id of the oldest entry kept (lastId + 1 when empty). */
  long firstId() {
    return entries.isEmpty() ? lastId + 1 : entries.peekFirst().id();
  }

  long publishedId() {
    return publishedId;
  }

  List<EventRecord> entries() {
    return List.copyOf(entries);
  }

  NavigableMap<String, long[]> lastTaken() {
    NavigableMap<String, long[]> copy = new TreeMap<>();
    lastTaken.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /** A deleted stream's numbering is forgotten: its id comes back with higher epochs anyway. */
  void forgetStream(String streamId) {
    lastTaken.remove(streamId);
    handovers.forget(streamId);
  }

  HandoverEvents handovers() {
    return handovers;
  }
}
