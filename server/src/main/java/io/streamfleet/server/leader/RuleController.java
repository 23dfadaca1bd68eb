package io.streamfleet.server.leader;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.EndRuleAction;
import io.streamfleet.model.command.FireRule;
import io.streamfleet.model.rule.RuleState;
import io.streamfleet.server.failover.Timers;
import io.streamfleet.server.rules.RuleEvaluator;
import io.streamfleet.server.rules.RuleVerdict;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WriteUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the zone consensus rules on the leader. After every state change (coalesced) and on a
 * timer, it evaluates each rule against the committed event log ({@link RuleEvaluator}) and
 * proposes what follows: a new firing when consensus and quorum hold and the rule is out of its
 * cool-down; an extension while they keep holding; the end when the action's time ran out. Every
 * decision is a command, committed before anything acts on it, and carries what the leader saw
 * (the firing count, the firing id), so a retry or a second leader cannot fire twice.
 *
 * <p>It keeps no state of its own beyond what it reports: a new leader simply evaluates again.
 */
final class RuleController {
  private static final Logger log = LoggerFactory.getLogger(RuleController.class);
  /** Rules are re-evaluated this often even without new events: windows slide, actions end. */
  static final long TICK_MS = 250;
  /** An active action is extended at most this often while consensus holds. */
  static final long EXTEND_EVERY_MS = 1_000;

  private final StateStore store;
  private final LeaderPorts ports;
  private final Executor worker;
  private final Timers timers;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Map<String, RuleVerdict> lastVerdicts = new ConcurrentHashMap<>();

  RuleController(StateStore store, LeaderPorts ports) {
    this.store = store;
    this.ports = ports;
    this.worker = ports.workers().apply("rules");
    this.timers = ports.timers().apply("rules");
  }

  void request() {
    if (pending.compareAndSet(false, true)) {
      worker.execute(this::evaluate);
    }
  }

  void becameLeader() {
    request();
  }

  void lostLeadership() {
    timers.cancelAll();
    lastVerdicts.clear();
  }

  /** The newest verdict per rule on this leader (metrics), empty elsewhere. */
  Map<String, RuleVerdict> verdicts() {
    return Map.copyOf(lastVerdicts);
  }

  private void evaluate() {
    pending.set(false);
    if (!ports.isLeader().getAsBoolean()) {
      return;
    }
    long now = ports.wallClock().millis();
    record Decision(RuleState rule, RuleVerdict verdict, RuleVerdict sinceConfirmed) {}
    List<Decision> decisions = store.read(s -> s.rules().stream()
        .map(r -> new Decision(r, RuleEvaluator.evaluate(r.spec(), s, now),
            r.activeFiringId() == null ? null : RuleEvaluator.evaluate(r.spec(), s, now, lastConfirmed(r))))
        .toList());
    lastVerdicts.keySet().retainAll(decisions.stream().map(d -> d.rule().spec().id()).toList());
    for (Decision d : decisions) {
      lastVerdicts.put(d.rule().spec().id(), d.verdict());
      try {
        act(d.rule(), d.verdict(), d.sinceConfirmed(), now);
      } catch (WriteUnavailableException e) {
        log.debug("rule {}: decision not committed ({}); evaluated again shortly", d.rule().spec().id(), e.getMessage());
      }
    }
    if (!decisions.isEmpty()) {
      timers.schedule("tick", ports.monotonicClock().millis() + TICK_MS, this::request);
    }
  }

  /** When the active action was last (re-)confirmed: it runs until then plus the maximum. */
  private static long lastConfirmed(RuleState r) {
    return r.activeUntilMs() - r.spec().maxActionMs();
  }

  /**
   * @param sinceConfirmed for an active action: the verdict on the votes since it was last
   *     confirmed. Only new detections re-confirm it; the votes that started it do not keep it
   *     running for their whole window.
   */
  private void act(RuleState r, RuleVerdict v, RuleVerdict sinceConfirmed, long now) {
    String id = r.spec().id();
    if (r.activeFiringId() != null) {
      if (sinceConfirmed.fires() && now + r.spec().maxActionMs() - r.activeUntilMs() >= EXTEND_EVERY_MS) {
        ports.writes().submit(new FireRule(meta(now), id, r.activeFiringId(), r.firings(), now + r.spec().maxActionMs(),
            sinceConfirmed.summary()));
      } else if (now >= r.activeUntilMs()) {
        ports.writes().submit(new EndRuleAction(meta(now), id, r.activeFiringId(),
            "no re-confirmation within " + r.spec().maxActionMs() / 1000 + " s"));
      }
      return;
    }
    boolean coolingDown = r.lastFiredMs() > 0 && now - r.lastFiredMs() < r.spec().cooldownMs();
    if (v.fires() && !coolingDown) {
      var result = ports.writes().submit(new FireRule(meta(now), id, null, r.firings(), now + r.spec().maxActionMs(), v.summary()));
      if (result.isOk()) {
        log.info("rule {} fired ({}): cameras {} on nodes {}", id, r.nextFiringId(), v.cameras(), v.nodes());
      }
    } else if (v.consensus() && !v.quorum()) {
      log.debug("rule {}: consensus but no quorum ({} of {} live, {} needed)", id, v.liveNodes().size(), v.zoneNodes().size(),
          v.quorumNeeded());
    }
  }

  private static CommandMeta meta(long now) {
    return new CommandMeta(now, "leader", "rules");
  }
}
