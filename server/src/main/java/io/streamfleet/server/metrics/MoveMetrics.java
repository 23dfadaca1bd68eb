package io.streamfleet.server.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamfleet.model.Handover;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.server.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How long make-before-break moves take, from the move's start to the hand-over: read from the
 * event log's {@code handover} entries (their {@code duration_ms}) when scraped, so every server
 * counts the same moves. Label {@code purpose}: drain, rollout, rebalance or move. Entries the
 * bounded log dropped between two scrapes (over 10,000 entries in one scrape interval) are missed.
 */
final class MoveMetrics {
  private static final int PAGE = 1_000;

  private final PrometheusMeterRegistry registry;
  private final StateStore store;
  private long lastSeen;

  MoveMetrics(PrometheusMeterRegistry registry, StateStore store) {
    this.registry = registry;
    this.store = store;
    this.lastSeen = store.read(s -> s.lastEventId()); // moves before this server started are not counted again
    // Every purpose has its series from the start (at zero), so dashboards and alerts find them.
    Stream.of(Handover.DRAIN, Handover.ROLLOUT, Handover.REBALANCE, Handover.MOVE).forEach(this::timer);
  }

  synchronized void refresh() {
    while (true) {
      long after = lastSeen;
      List<EventRecord> page = store.read(s -> s.events(after, e -> EventTypes.HANDOVER.equals(e.type()), PAGE));
      for (EventRecord e : page) {
        lastSeen = e.id();
        if (e.payload() != null && e.payload().has("duration_ms")) {
          timer(e.payload().path("purpose").asText("move")).record(e.payload().get("duration_ms").asLong(), TimeUnit.MILLISECONDS);
        }
      }
      if (page.size() < PAGE) {
        lastSeen = Math.max(lastSeen, store.read(s -> s.lastEventId()));
        return;
      }
    }
  }

  private Timer timer(String purpose) {
    return Timer.builder("streamfleet.move")
        .description("Make-before-break moves, from the move's start to the hand-over, by purpose")
        .tag("purpose", purpose)
        .serviceLevelObjectives(Stream.of(500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000).map(Duration::ofMillis).toArray(Duration[]::new))
        .register(registry);
  }
}
