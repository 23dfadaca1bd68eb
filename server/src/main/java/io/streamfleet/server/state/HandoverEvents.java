package io.streamfleet.server.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.command.AppendEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * How the event log sees each frame's events once while a stream moves make-before-break (part of
 * {@link EventLog}, so deterministic and in the snapshot).
 *
 * <p>While the successor warms up, both instances process the same source. The old instance's
 * events are taken as usual; the successor's are held here. When the successor becomes current,
 * the boundary frame is the later of the one after the last frame taken from the old instance and
 * the successor's first held frame: every frame before it is the old instance's (its late events
 * for them are still taken), every frame from it on the successor's (its held events from there are
 * released into the log, the old instance's are dropped). Neither instance misses a frame it owns:
 * the old one ran until the hand-over, the successor from its first frame. Events without a source
 * frame number ({@code "frame"} in the payload) cannot be matched: the successor's held ones are
 * dropped and the old instance's late ones too, as before moves were make-before-break.
 */
final class HandoverEvents {
  /** Held events per successor; more (a successor that takes minutes to become ready) drops the oldest. */
  static final int HOLD_LIMIT = 5_000;

  /** A past hand-over of a stream: who owned which frames. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Boundary(String fromNode, long fromEpoch, long fromLastSeq, long toEpoch, Long frame) {
    Boundary withFromLastSeq(long seq) {
      return new Boundary(fromNode, fromEpoch, seq, toEpoch, frame);
    }
  }

  /** What a snapshot keeps. */
  public record Saved(Map<String, List<AppendEvents.Item>> held, Map<String, long[]> framesTaken, Map<String, Boundary> boundaries) {}

  private final NavigableMap<String, List<AppendEvents.Item>> held = new TreeMap<>();
  /** stream → {epoch, newest frame} taken from its current instance. */
  private final NavigableMap<String, long[]> framesTaken = new TreeMap<>();
  private final NavigableMap<String, Boundary> boundaries = new TreeMap<>();

  static Long frameOf(AppendEvents.Item e) {
    JsonNode p = e.payload();
    JsonNode f = p == null ? null : p.get("frame");
    return f != null && f.canConvertToLong() && f.isIntegralNumber() ? f.asLong() : null;
  }

  /** Whether {@code e}, from the current instance, is for a frame its predecessor owned. */
  boolean ownedByPredecessor(AppendEvents.Item e) {
    Boundary b = boundaries.get(e.stream());
    Long frame = frameOf(e);
    return b != null && b.toEpoch() == e.epoch() && b.frame() != null && frame != null && frame < b.frame();
  }

  /** {@code e} from the current instance went into the log. */
  void taken(AppendEvents.Item e) {
    Long frame = frameOf(e);
    if (frame == null) {
      return;
    }
    long[] t = framesTaken.get(e.stream());
    if (t == null || t[0] != e.epoch()) {
      framesTaken.put(e.stream(), new long[] {e.epoch(), frame});
    } else {
      t[1] = Math.max(t[1], frame);
    }
  }

  void hold(AppendEvents.Item e) {
    List<AppendEvents.Item> list = held.computeIfAbsent(e.stream(), k -> new ArrayList<>());
    if (!list.isEmpty()) {
      AppendEvents.Item last = list.get(list.size() - 1);
      if (last.epoch() == e.epoch() && last.seq() >= e.seq()) {
        return; // re-sent
      }
      if (last.epoch() != e.epoch()) {
        list.clear(); // an older successor's leftovers
      }
    }
    list.add(e);
    if (list.size() > HOLD_LIMIT) {
      list.remove(0);
    }
  }

  /**
   * Whether {@code e} from {@code node} is a late event of the instance a successor replaced, for a
   * frame that instance owned; if so it counts as taken.
   */
  boolean lateFromPredecessor(String node, AppendEvents.Item e) {
    Boundary b = boundaries.get(e.stream());
    Long frame = frameOf(e);
    if (b == null || !b.fromNode().equals(node) || b.fromEpoch() != e.epoch() || b.frame() == null || frame == null
        || frame >= b.frame() || e.seq() <= b.fromLastSeq()) {
      return false;
    }
    boundaries.put(e.stream(), b.withFromLastSeq(e.seq()));
    return true;
  }

  /** Whether {@code e} comes from the instance the stream's last hand-over replaced. */
  boolean fromPredecessor(String node, AppendEvents.Item e) {
    Boundary b = boundaries.get(e.stream());
    return b != null && b.fromNode().equals(node) && b.fromEpoch() == e.epoch();
  }

  /** The successor at {@code toEpoch} is current: fixes the boundary frame (null when no frame is known). */
  Boundary handOver(String streamId, String fromNode, long fromEpoch, long fromLastSeq, long toEpoch) {
    Long boundary = null;
    long[] t = framesTaken.get(streamId);
    if (t != null && t[0] == fromEpoch) {
      boundary = t[1] + 1;
    }
    for (AppendEvents.Item e : held.getOrDefault(streamId, List.of())) {
      Long frame = frameOf(e);
      if (e.epoch() == toEpoch && frame != null) {
        boundary = boundary == null ? frame : Math.max(boundary, frame);
        break; // held in order: the first is the successor's first frame
      }
    }
    Boundary b = new Boundary(fromNode, fromEpoch, fromLastSeq, toEpoch, boundary);
    boundaries.put(streamId, b);
    return b;
  }

  /** The successor's held events it owns under {@code b}, in order; the rest are dropped. */
  List<AppendEvents.Item> release(String streamId, Boundary b) {
    List<AppendEvents.Item> list = held.remove(streamId);
    List<AppendEvents.Item> out = new ArrayList<>();
    if (list == null || b.frame() == null) {
      return out;
    }
    for (AppendEvents.Item e : list) {
      Long frame = frameOf(e);
      if (e.epoch() == b.toEpoch() && frame != null && frame >= b.frame()) {
        out.add(e);
      }
    }
    return out;
  }

  void drop(String streamId) {
    held.remove(streamId);
  }

  void forget(String streamId) {
    held.remove(streamId);
    framesTaken.remove(streamId);
    boundaries.remove(streamId);
  }

  Saved save() {
    Map<String, List<AppendEvents.Item>> h = new TreeMap<>();
    held.forEach((k, v) -> h.put(k, List.copyOf(v)));
    Map<String, long[]> f = new TreeMap<>();
    framesTaken.forEach((k, v) -> f.put(k, v.clone()));
    return new Saved(h, f, new TreeMap<>(boundaries));
  }

  void restore(Saved saved) {
    if (saved == null) {
      return;
    }
    if (saved.held() != null) {
      saved.held().forEach((k, v) -> held.put(k, new ArrayList<>(v)));
    }
    if (saved.framesTaken() != null) {
      saved.framesTaken().forEach((k, v) -> framesTaken.put(k, v.clone()));
    }
    if (saved.boundaries() != null) {
      boundaries.putAll(saved.boundaries());
    }
  }
}
