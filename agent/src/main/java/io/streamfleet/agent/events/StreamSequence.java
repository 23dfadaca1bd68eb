package io.streamfleet.agent.events;

/** The last sequence number given to an event of {@code streamId} at {@code epoch}. */
record StreamSequence(String streamId, long epoch, long sequence) {}
