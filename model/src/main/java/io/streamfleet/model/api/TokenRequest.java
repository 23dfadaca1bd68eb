package io.streamfleet.model.api;

/**
 * {@code POST /api/v1/tokens}.
 *
 * @param role viewer, operator, admin (API tokens) or agent, server (join tokens)
 * @param ttlSeconds lifetime; absent means never for API tokens and 1 hour for join tokens
 * @param uses join tokens: how many nodes it may admit (default 1)
 * @param nodeId join tokens: the one node id it may admit (default any)
 */
public record TokenRequest(String role, Long ttlSeconds, Integer uses, String nodeId, String description) {}
