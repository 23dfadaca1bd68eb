package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stream as the scheduler sees it.
 *
 * @param request the resources it reserves on its node
 * @param zone the zone its camera lives in, or null when it may run in any zone
 * @param overlapZones further zones it may run in when its own has no room ("*" = any zone)
 * @param nodeSelector labels a node must carry (all of them, with these values)
 * @param priority higher is placed first and may displace lower-priority streams
 * @param spreadGroup streams of one group go to different nodes when possible, or null
 * @param node the node it is assigned to, or null when it needs placing
 */
public record StreamSlot(
    String id,
    Resources request,
    String zone,
    SortedSet<String> overlapZones,
    SortedMap<String, String> nodeSelector,
    int priority,
    String spreadGroup,
    String node) {

  /** In {@link #overlapZones}: the stream may run in any zone (its own still preferred). */
  public static final String ANY_ZONE = "*";

  public StreamSlot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    overlapZones = overlapZones == null ? new TreeSet<>() : new TreeSet<>(overlapZones);
    nodeSelector = nodeSelector == null ? new TreeMap<>() : new TreeMap<>(nodeSelector);
  }

  public static StreamSlot of(String id, Resources request, String zone, String node) {
    return new StreamSlot(id, request, zone, null, null, 0, null, node);
  }

  public StreamSlot onNode(String newNode) {
    return new StreamSlot(id, request, zone, overlapZones, nodeSelector, priority, spreadGroup, newNode);
  }
}
