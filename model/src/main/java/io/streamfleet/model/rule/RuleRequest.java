package io.streamfleet.model.rule;

/**
 * The body of {@code POST /api/v1/rules}: every field but {@code id}, {@code event_kind},
 * {@code action_topic} and one of {@code zone}/{@code spread_group} has a default (see
 * {@link RuleSpecParser}).
 */
public record RuleRequest(
    String id,
    String zone,
    String spreadGroup,
    String eventKind,
    Double minConfidence,
    Integer minCameras,
    Integer minNodes,
    Long windowSeconds,
    Integer quorumMinNodes,
    Double quorumFraction,
    String actionTopic,
    String actionPayload,
    String stopPayload,
    Long cooldownSeconds,
    Long maxActionSeconds) {}
