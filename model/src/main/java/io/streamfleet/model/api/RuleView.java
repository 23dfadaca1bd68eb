package io.streamfleet.model.api;

import io.streamfleet.model.rule.RuleSpec;

/** A zone rule: its spec (durations in ms) and its status. */
public record RuleView(RuleSpec rule, RuleStatusView status) {}
