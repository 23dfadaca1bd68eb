package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.SortedMap;

/**
 * What the user asked for: a video source and how to process it. Canonical and validated (see
 * {@link StreamSpecParser}); maps are sorted so that equal specs serialize identically.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamSpec(
    String id,
    String url,
    String processor,
    String zone,
    Resources resources,
    SortedMap<String, String> labels,
    int priority,
    HandoverPolicy handover,
    String spreadGroup,
    SortedMap<String, String> params) {

  public StreamSpec {
    labels = Maps.sortedCopy(labels);
    params = Maps.sortedCopy(params);
  }
}
