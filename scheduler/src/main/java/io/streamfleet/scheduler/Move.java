package io.streamfleet.scheduler;

/** A rebalancing move of a running stream. */
public record Move(String streamId, String from, String to) {}
