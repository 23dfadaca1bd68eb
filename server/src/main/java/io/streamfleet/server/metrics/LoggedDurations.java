package io.streamfleet.server.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamfleet.model.Handover;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.server.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Durations the event log records, as histograms, read from the log when scraped so that every
 * server counts the same things once:
 * <ul>
 *   <li>{@code streamfleet_move_seconds{purpose}}: make-before-break moves (drain, rollout,
 *       rebalance, move), from the move's start to the hand-over ({@code handover} entries'
 *       {@code duration_ms});
 *   <li>{@code streamfleet_job_attempt_seconds{outcome}}: job attempts that ended by themselves
 *       (succeeded, failed, or failed and retrying), their wall time ({@code job} entries'
 *       {@code wall_ms}).
 * </ul>
 * Entries the bounded log dropped between two scrapes (over 10,000 entries in one scrape
 * interval) are missed; entries from before this server started are not counted.
 */
final class LoggedDurations {
  private static final int PAGE = 1_000;
  private static final Set<String> TYPES = Set.of(EventTypes.HANDOVER, EventTypes.JOB);
  private static final List<String> JOB_OUTCOMES = List.of("succeeded", "failed", "retrying");

  private final PrometheusMeterRegistry registry;
  private final StateStore store;
  private long lastSeen;

  LoggedDurations(PrometheusMeterRegistry registry, StateStore store) {
    this.registry = registry;
    this.store = store;
    this.lastSeen = store.read(s -> s.lastEventId());
    // Every label value has its series from the start (at zero), so dashboards and alerts find them.
    Stream.of(Handover.DRAIN, Handover.ROLLOUT, Handover.REBALANCE, Handover.MOVE).forEach(this::move);
    JOB_OUTCOMES.forEach(this::jobAttempt);
  }

  synchronized void refresh() {
    while (true) {
      long after = lastSeen;
      List<EventRecord> page = store.read(s -> s.events(after, e -> TYPES.contains(e.type()), PAGE));
      for (EventRecord e : page) {
        lastSeen = e.id();
        record(e);
      }
      if (page.size() < PAGE) {
        lastSeen = Math.max(lastSeen, store.read(s -> s.lastEventId()));
        return;
      }
    }
  }

  private void record(EventRecord e) {
    if (e.payload() == null) {
      return;
    }
    if (e.type().equals(EventTypes.HANDOVER) && e.payload().has("duration_ms")) {
      move(e.payload().path("purpose").asText(Handover.MOVE)).record(e.payload().get("duration_ms").asLong(), TimeUnit.MILLISECONDS);
    } else if (e.type().equals(EventTypes.JOB) && JOB_OUTCOMES.contains(e.kind()) && e.payload().has("wall_ms")) {
      jobAttempt(e.kind()).record(e.payload().get("wall_ms").asLong(), TimeUnit.MILLISECONDS);
    }
  }

  private Timer move(String purpose) {
    return timer("streamfleet.move", "Make-before-break moves, from the move's start to the hand-over, by purpose", "purpose", purpose,
        500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000);
  }

  private Timer jobAttempt(String outcome) {
    return timer("streamfleet.job.attempt", "Job attempts that ended by themselves, their wall time, by outcome (succeeded, failed, retrying)",
        "outcome", outcome, 1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000);
  }

  /** A histogram of one label, with these bucket bounds (milliseconds). */
  private Timer timer(String name, String description, String label, String value, long... bucketsMs) {
    return Timer.builder(name).description(description).tag(label, value).serviceLevelObjectives(buckets(bucketsMs)).register(registry);
  }

  private static Duration[] buckets(long... millis) {
    return java.util.Arrays.stream(millis).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
  }
}
