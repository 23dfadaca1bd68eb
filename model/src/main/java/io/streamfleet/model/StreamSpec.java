package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * What the user asked for: a video source and how to process it. Canonical and validated (see
 * {@link StreamSpecParser}); maps are sorted so that equal specs serialize identically.
 *
 * @param zone the zone the camera lives in; the stream runs only there or in {@code overlapZones}
 * @param overlapZones further zones it may run in when its own has no room; "*" means any zone
 * @param nodeSelector labels a node must carry to run it
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
    SortedMap<String, String> params,
    SortedSet<String> overlapZones,
    SortedMap<String, String> nodeSelector) {

  public StreamSpec {
    labels = Maps.sortedCopy(labels);
    params = Maps.sortedCopy(params);
    overlapZones = Maps.sortedCopy(overlapZones);
    nodeSelector = Maps.sortedCopy(nodeSelector);
  }

  /** A spec without placement constraints beyond its zone. */
  public StreamSpec(String id, String url, String processor, String zone, Resources resources, SortedMap<String, String> labels,
      int priority, HandoverPolicy handover, String spreadGroup, SortedMap<String, String> params) {
    this(id, url, processor, zone, resources, labels, priority, handover, spreadGroup, params, null, null);
  }
}
