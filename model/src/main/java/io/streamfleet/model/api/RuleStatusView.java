package io.streamfleet.model.api;

import java.util.SortedSet;

/**
 * A zone rule's condition now and its firings ({@code GET /api/v1/rules/{id}/status}).
 *
 * @param state firing (its action runs), consensus, no_quorum (consensus, but too few of the zone's
 *     nodes are alive to act), or waiting (not enough votes)
 * @param votes processor events in the window that count
 * @param consensusPendingMs how long votes have been there without a firing (the seed's
 *     consensus_pending_duration), 0 when none or firing
 */
public record RuleStatusView(
    String state,
    int votes,
    SortedSet<String> cameras,
    SortedSet<String> nodes,
    SortedSet<String> zoneNodes,
    SortedSet<String> liveNodes,
    int quorumNeeded,
    boolean quorum,
    long consensusPendingMs,
    long firings,
    String activeFiringId,
    Long activeUntilMs,
    Long lastFiredMs) {}
