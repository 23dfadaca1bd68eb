package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.api.EventPage;
import io.streamfleet.model.event.EventRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events lost, counted from the motion events in the server's log. Every camera is synthetic, on the
 * wall timeline, with a visitor that crosses its picture every {@code visit_every_s} seconds, so its
 * {@code motion_start} events come exactly {@code visit_every_s * fps} frames apart, whatever node
 * or instance reports them. Between the first and the last start of a camera in the audited span,
 * a period without a start is a lost event, and the same frame's start twice a duplicate. Some
 * visits are seen as two motion events (the visitor's changed area dips under {@code min_area} for
 * {@code hold_frames} mid-crossing): those are the detector's, counted apart as splits.
 */
final class MotionAudit {
  record Result(long starts, long periods, long lost, long duplicates, long splits, int cameras) {
    @Override
    public String toString() {
      return starts + " motion_start events from " + cameras + " cameras over " + periods + " visits; lost " + lost
          + ", duplicates " + duplicates + " (visits seen as two motion events by the detector: " + splits + ")";
    }
  }

  private MotionAudit() {}

  /** Audits the log entries after {@code afterId} up to {@code upToId}; {@code periodFrames} = visit_every_s * fps. */
  static Result audit(StreamfleetClient client, long afterId, long upToId, long periodFrames) {
    Map<String, List<Long>> starts = new TreeMap<>();
    long since = afterId;
    while (since < upToId) {
      EventPage page = client.events(since, Map.of("type", "processor", "kind", "motion_start"), 1000);
      if (page.events().isEmpty()) {
        break;
      }
      for (EventRecord e : page.events()) {
        if (e.id() > upToId) {
          break;
        }
        since = e.id();
        if (e.payload() != null && e.payload().has("frame")) {
          starts.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e.payload().get("frame").asLong());
        }
      }
      since = Math.max(since, page.events().getLast().id());
    }
    long total = 0;
    long periods = 0;
    long lost = 0;
    long duplicates = 0;
    long splits = 0;
    for (List<Long> frames : starts.values()) {
      frames.sort(null);
      total += frames.size();
      long first = frames.getFirst();
      Map<Long, List<Long>> byVisit = new TreeMap<>();
      for (long f : frames) {
        byVisit.computeIfAbsent(Math.floorDiv(f - first + periodFrames / 4, periodFrames), k -> new ArrayList<>()).add(f);
      }
      long visits = Math.floorDiv(frames.getLast() - first + periodFrames / 4, periodFrames) + 1;
      periods += visits;
      lost += visits - byVisit.size();
      for (List<Long> visit : byVisit.values()) {
        long distinct = visit.stream().distinct().count();
        duplicates += visit.size() - distinct;
        splits += distinct - 1;
      }
    }
    return new Result(total, periods, lost, duplicates, splits, starts.size());
  }
}
