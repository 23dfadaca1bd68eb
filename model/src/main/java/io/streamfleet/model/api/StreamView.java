package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * {@code GET /streams/{id}}: the spec's fields, bookkeeping, and the live {@link StreamStatus}.
 * Secrets are masked ({@link io.streamfleet.model.Redaction}): the URL's password, secret query
 * values and params with secret names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamView(
    String id,
    String url,
    String processor,
    String zone,
    Resources resources,
    SortedMap<String, String> labels,
    int priority,
    HandoverPolicy handover,
    String spreadGroup,
    SortedMap<String, String> params,
    SortedSet<String> overlapZones,
    SortedMap<String, String> nodeSelector,
    long generation,
    long createdMs,
    long updatedMs,
    StreamStatus status) {

  public static StreamView of(StreamSpec s, long generation, long createdMs, long updatedMs, StreamStatus status) {
    return new StreamView(s.id(), io.streamfleet.model.Redaction.text(s.url()), s.processor(), s.zone(), s.resources(), s.labels(), s.priority(),
        s.handover(), s.spreadGroup(), io.streamfleet.model.Redaction.values(s.params()), s.overlapZones(), s.nodeSelector(), generation, createdMs, updatedMs, status);
  }

  public StreamSpec spec() {
    return new StreamSpec(id, url, processor, zone, resources, labels, priority, handover, spreadGroup, params, overlapZones,
        nodeSelector);
  }
}
