package io.streamfleet.server.state;

import io.streamfleet.model.StreamSpec;

/**
 * A stream in the replicated state: its spec plus bookkeeping.
 *
 * @param generation grows by one with every change of the spec
 */
public record StoredStream(StreamSpec spec, long generation, long createdMs, long updatedMs) {}
