package io.streamfleet.server.events;

import io.streamfleet.model.FieldError;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which event-log entries a consumer wants: each criterion is a set of accepted values (a
 * comma-separated query parameter), empty meaning any. A node criterion matches a migration's old
 * node as well as its new one; a zone criterion matches the stream's or the node's zone.
 */
public record EventFilter(Set<String> types, Set<String> kinds, Set<String> streams, Set<String> nodes, Set<String> zones)
    implements Predicate<EventRecord> {
  public static final Set<String> TYPES = Set.of(EventTypes.PROCESSOR, EventTypes.NODE, EventTypes.ASSIGNMENT,
      EventTypes.MIGRATION, EventTypes.UNASSIGNED, EventTypes.RULE, EventTypes.HANDOVER, EventTypes.JOB, EventTypes.STREAM, EventTypes.ROLLOUT);
  public static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

  /**
   * Reads the filter from query parameters {@code type, kind, stream, node, zone}.
   *
   * @param problems where a wrong value is reported (the field and the fix)
   */
  public static EventFilter parse(Map<String, List<String>> query, List<FieldError> problems) {
    Set<String> types = values(query, "type");
    for (String t : types) {
      if (!TYPES.contains(t)) {
        problems.add(new FieldError("type", "'" + t + "' is not an event type; use one or more of " + TYPES.stream().sorted().toList()));
      }
    }
    return new EventFilter(types, values(query, "kind"), values(query, "stream"), values(query, "node"), values(query, "zone"));
  }

  private static Set<String> values(Map<String, List<String>> query, String name) {
    List<String> out = new ArrayList<>();
    for (String v : query.getOrDefault(name, List.of())) {
      Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(out::add);
    }
    return Set.copyOf(out);
  }

  @Override
  public boolean test(EventRecord e) {
    return accepts(types, e.type()) && accepts(kinds, e.kind()) && accepts(streams, e.stream())
        && (nodes.isEmpty() || nodes.contains(e.node()) || nodes.contains(e.fromNode())) && accepts(zones, e.zone());
  }

  private static boolean accepts(Set<String> wanted, String value) {
    return wanted.isEmpty() || (value != null && wanted.contains(value));
  }
}
