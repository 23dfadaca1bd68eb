package io.streamfleet.server.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamfleet.model.rule.RuleState;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.rules.RuleEvaluator;
import io.streamfleet.server.rules.RuleVerdict;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Metrics of the event pipeline and the zone rules, computed from the replicated state (and, for
 * agents' outboxes, the leader's heartbeats) when scraped: their label sets (rules, nodes) come and
 * go, so they are refreshed as a whole each time.
 */
final class EventMetrics {
  private record RuleRow(String rule, RuleState state, RuleVerdict verdict, long now) {}

  private final StateStore store;
  private final NodeLiveness liveness;
  private final Clock clock;
  private final MultiGauge votes;
  private final MultiGauge firings;
  private final MultiGauge pending;
  private final MultiGauge runtime;
  private final MultiGauge quorum;
  private final MultiGauge outboxPending;
  private final MultiGauge outboxDropped;
  private final MultiGauge jobs;

  EventMetrics(PrometheusMeterRegistry registry, StateStore store, NodeLiveness liveness, Clock clock) {
    this.store = store;
    this.liveness = liveness;
    this.clock = clock;
    io.micrometer.core.instrument.Gauge.builder("streamfleet.events.last.id", store, s -> s.read(c -> c.lastEventId()))
        .description("The id of the newest event-log entry (grows by one per entry)").register(registry);
    votes = MultiGauge.builder("streamfleet.rule.votes").description("Votes in each rule's window now").register(registry);
    firings = MultiGauge.builder("streamfleet.rule.firings").description("Times each rule has fired").register(registry);
    pending = MultiGauge.builder("streamfleet.rule.consensus.pending.seconds")
        .description("How long each rule has had votes without firing (the seed's consensus_pending_duration)").register(registry);
    runtime = MultiGauge.builder("streamfleet.rule.action.runtime.seconds")
        .description("How long each rule's active action has run (the seed's pump_runtime_seconds); 0 when none").register(registry);
    quorum = MultiGauge.builder("streamfleet.rule.quorum").description("1 when the rule's zone has quorum, else 0").register(registry);
    outboxPending = MultiGauge.builder("streamfleet.agent.outbox.pending")
        .description("Events in an agent's outbox not yet acknowledged by every sink").register(registry);
    outboxDropped = MultiGauge.builder("streamfleet.agent.outbox.dropped")
        .description("Events an agent dropped from its full outbox since it started").register(registry);
    jobs = MultiGauge.builder("streamfleet.jobs").description("Jobs kept, by state (queued, dispatched, running, succeeded, failed, canceled)")
        .register(registry);
  }

  void refresh() {
    long now = clock.millis();
    List<RuleRow> rows = store.read(s -> s.rules().stream()
        .map(r -> new RuleRow(r.spec().id(), r, RuleEvaluator.evaluate(r.spec(), s, now), now)).toList());
    register(votes, rows, r -> r.verdict().votes().size());
    register(firings, rows, r -> r.state().firings());
    register(pending, rows, r -> r.state().activeFiringId() == null && r.verdict().firstVoteMs() > 0
        ? Math.max(0, r.now() - r.verdict().firstVoteMs()) / 1000.0 : 0);
    register(runtime, rows, r -> r.state().activeFiringId() == null ? 0 : Math.max(0, r.now() - r.state().activeSinceMs()) / 1000.0);
    register(quorum, rows, r -> r.verdict().quorum() ? 1 : 0);
    List<MultiGauge.Row<?>> pendingRows = new ArrayList<>();
    List<MultiGauge.Row<?>> droppedRows = new ArrayList<>();
    liveness.all().forEach((node, beat) -> {
      pendingRows.add(MultiGauge.Row.of(Tags.of("node", node), beat.heartbeat().getOutboxPending()));
      droppedRows.add(MultiGauge.Row.of(Tags.of("node", node), beat.heartbeat().getOutboxDropped()));
    });
    List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
    store.read(s -> {
      for (io.streamfleet.model.job.JobState state : io.streamfleet.model.job.JobState.values()) {
        jobRows.add(MultiGauge.Row.of(Tags.of("state", state.wireName()), s.jobCount(state)));
      }
      return null;
    });
    jobs.register(jobRows, true);
    outboxPending.register(pendingRows, true);
    outboxDropped.register(droppedRows, true);
  }

  private static void register(MultiGauge gauge, List<RuleRow> rows, ToDoubleFunction<RuleRow> value) {
    List<MultiGauge.Row<?>> out = new ArrayList<>();
    for (RuleRow r : rows) {
      out.add(MultiGauge.Row.of(Tags.of("rule", r.rule()), value.applyAsDouble(r)));
    }
    gauge.register(out, true);
  }
}
