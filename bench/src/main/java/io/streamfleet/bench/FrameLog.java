package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.api.EventPage;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's event log read as a consumer reads it: pages of {@code GET /events} after the last
 * id seen, kept per stream as which epoch delivered which frame ({@code frame} events), the
 * {@code handover} markers, and the nodes' state changes. The log keeps only its newest 10,000
 * entries, so the reader polls again at once while pages come back full; if it still falls behind,
 * the entries it never saw are counted ({@link #unseenEntries()}) and the run's log figures are
 * void.
 */
final class FrameLog implements AutoCloseable {
  private static final int PAGE = 1_000; // the server's page limit
  private static final Map<String, String> FILTER = Map.of("type", EventTypes.PROCESSOR + "," + EventTypes.HANDOVER + "," + EventTypes.NODE);

  private final StreamfleetClient client;
  private final StreamFrames frames = new StreamFrames();
  private final AtomicLong handovers = new AtomicLong();
  /** stream → its hand-over markers as "e{from}->e{to} at frame {boundary}": where the log switched instances. */
  private final Map<String, List<String>> markers = new ConcurrentHashMap<>();
  /** Node state changes seen (suspect, down, ready, draining, ...) by new state: a failover during a run explains restarts. */
  private final Map<String, AtomicLong> nodeStates = new ConcurrentSkipListMap<>();
  private final AtomicLong unseen = new AtomicLong();
  private final AtomicLong failedPolls = new AtomicLong();
  private final Thread reader;
  private volatile boolean stopped;

  FrameLog(StreamfleetClient client) {
    this.client = client;
    this.reader = Thread.ofPlatform().name("frame-log").daemon().start(this::read);
  }

  private void read() {
    long since = 0;
    while (!stopped) {
      EventPage page;
      try {
        page = client.events(since, FILTER, PAGE);
      } catch (RuntimeException e) {
        failedPolls.incrementAndGet(); // a lost request: poll again, the log still holds the entries for a while
        LockSupport.parkNanos(50_000_000L);
        continue;
      }
      if (page.firstId() > since + 1) {
        unseen.addAndGet(page.firstId() - since - 1);
      }
      for (EventRecord e : page.events()) {
        since = e.id();
        if (EventTypes.HANDOVER.equals(e.type())) {
          handovers.incrementAndGet();
          String from = e.payload() == null ? "?" : e.payload().path("from_epoch").asText("?");
          String boundary = e.payload() == null ? "none" : e.payload().path("frame").asText("none");
          markers.computeIfAbsent(e.stream(), k -> new CopyOnWriteArrayList<>()).add("e" + from + "->e" + e.epoch() + " at frame " + boundary);
        } else if (EventTypes.NODE.equals(e.type())) {
          nodeStates.computeIfAbsent(String.valueOf(e.kind()), k -> new AtomicLong()).incrementAndGet();
        } else if ("frame".equals(e.kind()) && e.payload() != null && e.payload().has("frame")) {
          frames.add(e.stream(), e.payload().get("frame").asLong(), e.epoch());
        }
      }
      if (page.events().size() < PAGE) {
        // the whole log up to last_id was scanned (one read on the server): resume there
        since = Math.max(since, page.lastId());
        LockSupport.parkNanos(100_000_000L); // a consumer's poll interval
      }
    }
  }

  StreamFrames frames() {
    return frames;
  }

  long handovers() {
    return handovers.get();
  }

  /** stream → its hand-over markers (from epoch, to epoch, boundary frame), in log order. */
  Map<String, List<String>> markers() {
    return Map.copyOf(markers);
  }

  /** Node state changes seen so far, by new state. */
  Map<String, Long> nodeStates() {
    Map<String, Long> out = new TreeMap<>();
    nodeStates.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Log entries that dropped out of the bounded log before this reader saw them (0 in a valid run). */
  long unseenEntries() {
    return unseen.get();
  }

  long failedPolls() {
    return failedPolls.get();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    reader.join(30_000);
  }
}
