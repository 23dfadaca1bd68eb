package io.streamfleet.server.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.DeleteRule;
import io.streamfleet.model.command.EndRuleAction;
import io.streamfleet.model.command.FireRule;
import io.streamfleet.model.command.PutRule;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.model.rule.RuleSpec;
import io.streamfleet.model.rule.RuleState;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Zone consensus rules and their firings, one aggregate of {@link ClusterState}. A firing is
 * committed here before anything acts on it: its event-log entry carries the action, and the
 * leader's publisher sends it from the log, so a leader change neither repeats a firing (it has
 * one id) nor forgets an active one.
 */
final class Rules {
  private final NavigableMap<String, RuleState> rules = new TreeMap<>();

  void restore(List<RuleState> saved) {
    if (saved != null) {
      saved.forEach(r -> rules.put(r.spec().id(), r));
    }
  }

  CommandResult put(PutRule c) {
    RuleState old = rules.get(c.spec().id());
    rules.put(c.spec().id(), old == null ? RuleState.of(c.spec()) : old.withSpec(c.spec()));
    return CommandResult.ok();
  }

  CommandResult delete(DeleteRule c, EventLog log) {
    RuleState r = rules.remove(c.id());
    if (r == null) {
      return notFound(c.id());
    }
    if (r.activeFiringId() != null) {
      log.add(entry(r, r.activeFiringId(), "ended", "the rule was deleted", c.meta().atMs(), r.spec().stopPayload(), null));
    }
    return CommandResult.ok();
  }

  CommandResult fire(FireRule c, EventLog log) {
    RuleState r = rules.get(c.ruleId());
    if (r == null) {
      return notFound(c.ruleId());
    }
    long at = c.meta().atMs();
    if (c.firingId() != null) {
      if (!c.firingId().equals(r.activeFiringId())) {
        return CommandResult.rejected(CommandResult.CONFLICT, "firing " + c.firingId() + " of rule '" + c.ruleId() + "' is not active");
      }
      rules.put(r.spec().id(), r.extended(c.untilMs()));
      log.add(entry(r, c.firingId(), "extended", "re-confirmed until " + c.untilMs(), at, null, c.votes()));
      return CommandResult.ok(r.firings());
    }
    if (r.activeFiringId() != null) {
      return CommandResult.rejected(CommandResult.CONFLICT, "rule '" + c.ruleId() + "' is already firing (" + r.activeFiringId() + ")");
    }
    if (r.firings() != c.firingsSeen()) {
      return CommandResult.rejected(CommandResult.CONFLICT, "rule '" + c.ruleId() + "' has fired " + r.firings()
          + " times, not " + c.firingsSeen() + ": this decision was taken already");
    }
    if (r.lastFiredMs() > 0 && at - r.lastFiredMs() < r.spec().cooldownMs()) {
      return CommandResult.rejected(CommandResult.CONFLICT, "rule '" + c.ruleId() + "' is cooling down until "
          + (r.lastFiredMs() + r.spec().cooldownMs()));
    }
    String firingId = r.nextFiringId();
    rules.put(r.spec().id(), r.fired(firingId, at, c.untilMs()));
    log.add(entry(r, firingId, "fired", "consensus reached", at, r.spec().actionPayload(), c.votes()));
    return CommandResult.ok(r.firings() + 1);
  }

  CommandResult end(EndRuleAction c, EventLog log) {
    RuleState r = rules.get(c.ruleId());
    if (r == null) {
      return notFound(c.ruleId());
    }
    if (!c.firingId().equals(r.activeFiringId())) {
      return CommandResult.ok(); // ended already (a retried proposal): nothing to do twice
    }
    rules.put(r.spec().id(), r.ended(c.meta().atMs()));
    log.add(entry(r, c.firingId(), "ended", c.reason(), c.meta().atMs(), r.spec().stopPayload(), null));
    return CommandResult.ok();
  }

  /**
   * The log entry of a firing's phase. Its payload says what to publish where ({@code action_topic},
   * {@code action_payload}; none for an extension), so the publisher needs nothing but the log.
   */
  private static EventRecord entry(RuleState r, String firingId, String phase, String reason, long atMs, String actionPayload,
      com.fasterxml.jackson.databind.JsonNode votes) {
    RuleSpec spec = r.spec();
    ObjectNode p = Json.mapper().createObjectNode();
    p.put("firing_id", firingId);
    p.put("action_topic", spec.actionTopic());
    if (!phase.equals("extended")) {
      if (actionPayload != null) {
        p.put("action_payload", actionPayload);
      } else if (phase.equals("fired")) {
        p.putNull("action_payload"); // the publisher sends the entry itself
      }
    }
    if (votes != null) {
      p.set("votes", votes);
    }
    return new EventRecord(0, EventTypes.RULE, atMs, null, null, null, null, null, spec.zone(), phase, reason, spec.id(), p);
  }

  RuleState get(String id) {
    return rules.get(id);
  }

  Collection<RuleState> all() {
    return rules.values();
  }

  private static CommandResult notFound(String id) {
    return CommandResult.rejected(CommandResult.NOT_FOUND, "rule '" + id + "' does not exist; `streamfleet rule ls` lists them");
  }
}
