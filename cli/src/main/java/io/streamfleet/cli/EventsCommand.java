package io.streamfleet.cli;

import io.streamfleet.client.EventFollower;
import io.streamfleet.model.Json;
import io.streamfleet.model.api.EventPage;
import io.streamfleet.model.event.EventRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamfleet events [--follow]}: the cluster's event log, a page or live. */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = "The event log: processor events, node states, placements, migrations, rule firings. --follow streams it live.")
final class EventsCommand implements Runnable {
  @Mixin ClientOptions client = new ClientOptions();
  @Mixin OutputOptions output = new OutputOptions();
  @Option(names = "--since", description = "Start after this event id (default: the oldest kept; with --follow: now).") Long since;
  @Option(names = "--limit", description = "At most this many (default ${DEFAULT-VALUE}; not with --follow).") int limit = 100;
  @Option(names = {"-f", "--follow"}, description = "Keep printing new events until Ctrl-C; reconnects and resumes where it was.") boolean follow;
  @Option(names = "--type", description = "processor, node, assignment, migration, unassigned, rule (comma-separated).") String type;
  @Option(names = "--kind", description = "Event kinds, e.g. motion,fire.") String kind;
  @Option(names = "--stream", description = "Streams (comma-separated).") String stream;
  @Option(names = "--node", description = "Nodes (comma-separated).") String node;
  @Option(names = "--zone", description = "Zones (comma-separated).") String zone;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    Map<String, String> filters = new LinkedHashMap<>();
    put(filters, "type", type);
    put(filters, "kind", kind);
    put(filters, "stream", stream);
    put(filters, "node", node);
    put(filters, "zone", zone);
    PrintWriter out = spec.commandLine().getOut();
    if (!follow) {
      EventPage page = client.client().events(since == null ? 0 : since, filters, limit);
      if (!output.printedAsJson(out, page)) {
        page.events().forEach(e -> out.println(line(e)));
      }
      return;
    }
    Long from = since; // null: from now on
    while (true) {
      EventFollower f = client.client().followEvents(from, filters, e -> {
        out.println(output.json() ? json(e) : line(e));
        out.flush();
      });
      f.done().join();
      from = f.lastId() == null ? from : f.lastId();
      spec.commandLine().getErr().println("event stream ended; resuming" + (from == null ? "" : " after " + from));
    }
  }

  private static void put(Map<String, String> filters, String key, String value) {
    if (value != null && !value.isBlank()) {
      filters.put(key, value);
    }
  }

  /** One event as a line: id, time, type, where, what. */
  static String line(EventRecord e) {
    StringBuilder b = new StringBuilder().append(e.id()).append(' ').append(Instant.ofEpochMilli(e.atMs())).append(' ').append(e.type());
    if (e.kind() != null) {
      b.append(' ').append(e.kind());
    }
    if (e.rule() != null) {
      b.append(" rule=").append(e.rule());
    }
    if (e.stream() != null) {
      b.append(" stream=").append(e.stream()).append(" epoch=").append(e.epoch());
    }
    if (e.seq() != null) {
      b.append(" seq=").append(e.seq());
    }
    if (e.fromNode() != null) {
      b.append(" from=").append(e.fromNode());
    }
    if (e.node() != null) {
      b.append(e.fromNode() != null ? " to=" : " node=").append(e.node());
    }
    if (e.reason() != null) {
      b.append(" (").append(e.reason()).append(')');
    }
    if (e.payload() != null) {
      b.append(' ').append(e.payload());
    }
    return b.toString();
  }

  private static String json(EventRecord e) {
    try {
      return Json.mapper().writeValueAsString(e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
