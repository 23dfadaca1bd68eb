package io.streamfleet.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Compares, stream by stream, the frames in the server's event log ({@link FrameLog}) with the
 * frames the agents produced ({@link FrameTap}), over the window both saw: from the later of their
 * first frames to the earlier of their last.
 *
 * <p>Terms. A frame is <em>lost</em> when no instance processed it (no raw event): between two
 * instances (after one's last frame, before the next one's first), or skipped by the camera while
 * one instance ran (its reader fell a whole frame behind: load, not a move). An <em>event is
 * lost</em> when an instance processed the frame but the log has no event for it. <em>Twice in the
 * log</em>: the log has more than one event for a frame. <em>Produced twice</em>: more than one
 * instance processed the frame (both instances of a make-before-break hand-over), which the
 * server's de-duplication must drop. <em>Tap missed</em>: the log has a frame the tap never saw,
 * which would make the raw figures unreliable (0 in a valid run).
 *
 * <p>Frames are numbered on the wall clock (frame n is due at n / fps seconds after the Unix
 * epoch), so each frame has a time, and a loss is counted <em>during the change</em> when its frame
 * was due between the change's request and its end (drained, rollout finished), otherwise before
 * or after it (a failover, a lease expiry, a skip under load). The change moves each stream from
 * the epoch it ran before to the one it runs after; the move's gap is the new instance's first frame
 * minus the old one's last, minus 1: 0 when it took over at the next frame, negative when both
 * processed some frames (make-before-break), positive when frames went unprocessed.
 */
record FrameAudit(List<StreamRow> rows, List<Move> moves) {
  /** What happened to one stream's frames; the {@code ...During} counts are those due during the change. */
  record StreamRow(String stream, long first, long last, long framesLost, long lostDuring, long lostBetweenInstances, long eventsLost,
      long eventsLostDuring, long twiceInLog, long producedTwice, long producedTwiceDuring, long tapMissed, List<Long> epochs,
      int otherRestarts, String detail) {
    long frames() {
      return last - first + 1;
    }
  }

  /**
   * The change's move of one stream.
   *
   * @param rawGap frames between the old instance's last processed frame and the new one's first
   * @param logGap the same from the epochs of the log's events (null when the log lacks either epoch)
   */
  record Move(String stream, long fromEpoch, long toEpoch, long rawGap, Long logGap) {}

  /** When the change ran, on the wall clock, and the frame rate that turns frame numbers into times. */
  record Change(long startMs, long endMs, int fps, Map<String, Long> epochsBefore, Map<String, Long> epochsAfter) {
    boolean during(long frame) {
      long dueMs = frame * 1000 / fps;
      return dueMs >= startMs && dueMs <= endMs;
    }
  }

  /** @param markers stream → the log's hand-over markers, shown with a stream whose frames are off */
  static FrameAudit of(Map<String, NavigableMap<Long, List<Long>>> log, Map<String, NavigableMap<Long, List<Long>>> raw,
      Map<String, List<String>> markers, Collection<String> streams, Change change) {
    List<StreamRow> rows = new ArrayList<>();
    List<Move> moves = new ArrayList<>();
    for (String s : new TreeSet<>(streams)) {
      NavigableMap<Long, List<Long>> l = log.getOrDefault(s, new TreeMap<>());
      NavigableMap<Long, List<Long>> r = raw.getOrDefault(s, new TreeMap<>());
      if (l.isEmpty() || r.isEmpty()) {
        rows.add(new StreamRow(s, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, "no frames"));
        continue;
      }
      long from = change.epochsBefore().getOrDefault(s, -1L);
      long to = change.epochsAfter().getOrDefault(s, -1L);
      Map<Long, long[]> rawSpans = spans(r);
      Map<Long, long[]> logSpans = spans(l);
      if (from != to && rawSpans.containsKey(from) && rawSpans.containsKey(to)) {
        moves.add(new Move(s, from, to, rawSpans.get(to)[0] - rawSpans.get(from)[1] - 1,
            logSpans.containsKey(from) && logSpans.containsKey(to) ? logSpans.get(to)[0] - logSpans.get(from)[1] - 1 : null));
      }
      List<Long> epochs = List.copyOf(rawSpans.keySet());
      int otherRestarts = 0;
      for (int i = 1; i < epochs.size(); i++) {
        otherRestarts += from != to && epochs.get(i - 1) >= from && epochs.get(i) <= to ? 0 : 1;
      }
      rows.add(row(s, l, r, rawSpans, logSpans, epochs, otherRestarts, change, markers.getOrDefault(s, List.of())));
    }
    return new FrameAudit(rows, moves);
  }

  private static StreamRow row(String s, NavigableMap<Long, List<Long>> l, NavigableMap<Long, List<Long>> r, Map<Long, long[]> rawSpans,
      Map<Long, long[]> logSpans, List<Long> epochs, int otherRestarts, Change change, List<String> markers) {
    long first = Math.max(l.firstKey(), r.firstKey());
    long last = Math.min(l.lastKey(), r.lastKey());
    long lost = 0, lostDuring = 0, between = 0, eventsLost = 0, eventsLostDuring = 0, twice = 0, producedTwice = 0, producedTwiceDuring = 0;
    long tapMissed = 0;
    List<String> lostEvents = new ArrayList<>();
    for (long f = first; f <= last; f++) {
      List<Long> inLog = l.getOrDefault(f, List.of());
      List<Long> instances = r.getOrDefault(f, List.of()).stream().distinct().toList();
      boolean during = change.during(f);
      if (inLog.isEmpty() && instances.isEmpty()) {
        lost++;
        lostDuring += during ? 1 : 0;
        between += betweenInstances(f, rawSpans) ? 1 : 0;
      } else if (inLog.isEmpty()) {
        eventsLost++;
        eventsLostDuring += during ? 1 : 0;
        if (lostEvents.size() < 20) {
          lostEvents.add(f + "@" + instances);
        }
      } else if (instances.isEmpty()) {
        tapMissed++;
      }
      twice += Math.max(0, inLog.size() - 1);
      producedTwice += Math.max(0, instances.size() - 1);
      producedTwiceDuring += during ? Math.max(0, instances.size() - 1) : 0;
    }
    String detail = "raw " + describe(rawSpans) + ", log " + describe(logSpans) + (markers.isEmpty() ? "" : ", hand-overs " + markers)
        + (lostEvents.isEmpty() ? "" : ", events lost (frame@[epochs that processed it]) " + lostEvents);
    return new StreamRow(s, first, last, lost, lostDuring, between, eventsLost, eventsLostDuring, twice, producedTwice, producedTwiceDuring,
        tapMissed, epochs, otherRestarts, detail);
  }

  /** epoch → {first frame, last frame}, in epoch order. */
  private static Map<Long, long[]> spans(NavigableMap<Long, List<Long>> frames) {
    Map<Long, long[]> out = new TreeMap<>();
    frames.forEach((f, epochs) -> {
      for (long e : epochs) {
        out.merge(e, new long[] {f, f}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      }
    });
    return out;
  }

  private static String describe(Map<Long, long[]> spans) {
    StringBuilder b = new StringBuilder();
    spans.forEach((e, span) -> b.append(b.isEmpty() ? "" : " ").append("e").append(e).append(":").append(span[0]).append("..").append(span[1]));
    return b.toString();
  }

  /** Whether frame f lies after one instance's last frame and before the next one's first. */
  private static boolean betweenInstances(long f, Map<Long, long[]> spans) {
    List<long[]> ordered = List.copyOf(spans.values());
    for (int i = 1; i < ordered.size(); i++) {
      if (f > ordered.get(i - 1)[1] && f < ordered.get(i)[0]) {
        return true;
      }
    }
    return false;
  }

  long sum(ToLongFunction<StreamRow> field) {
    return rows.stream().mapToLong(field).sum();
  }

  long streamsWithFrames() {
    return rows.stream().filter(r -> r.frames() > 0).count();
  }
}
