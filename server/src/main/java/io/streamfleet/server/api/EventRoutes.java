package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.Json;
import io.streamfleet.model.api.EventPage;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.server.events.EventFilter;
import io.streamfleet.server.events.EventSignal;
import io.streamfleet.server.state.StateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/events}: the cluster's event log. As Server-Sent Events (a client that asks
 * for {@code text/event-stream}) it follows the log live: each entry's SSE id is its log id, so a
 * client that reconnects with {@code Last-Event-ID} (or {@code ?since=ID}) continues exactly after
 * the last entry it saw. Otherwise it answers one JSON page. Any server answers from its own copy
 * of the replicated log, followers included.
 */
final class EventRoutes {
  /** How long a stream stays silent before a comment line keeps proxies from closing it. */
  static final long KEEPALIVE_MS = 15_000;
  private static final int PAGE_LIMIT = 1_000;

  private final StateStore store;
  private final EventSignal signal;

  EventRoutes(StateStore store, EventSignal signal) {
    this.store = store;
    this.signal = signal;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/events", this::events, Access.VIEWER);
  }

  private void events(Context ctx) throws IOException, InterruptedException {
    List<FieldError> problems = new ArrayList<>();
    EventFilter filter = EventFilter.parse(ctx.queryParamMap(), problems);
    long since = since(ctx, problems);
    int limit = limit(ctx, problems);
    if (!problems.isEmpty()) {
      throw new ApiException(400, "invalid", "the event query is invalid", problems);
    }
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      stream(ctx, filter, since);
      return;
    }
    ctx.json(store.read(s -> new EventPage(s.events(since, filter, limit), s.firstEventId(), s.lastEventId())));
  }

  /** Where to start: after Last-Event-ID, else after ?since, else (a live stream) after the newest entry. */
  private long since(Context ctx, List<FieldError> problems) {
    String value = ctx.header("Last-Event-ID");
    String field = "Last-Event-ID";
    if (value == null || value.isBlank()) {
      value = ctx.queryParam("since");
      field = "since";
    }
    if (value == null || value.isBlank()) {
      return ctx.header("Accept") != null && ctx.header("Accept").contains("text/event-stream")
          ? store.read(s -> s.lastEventId()) : 0;
    }
    try {
      long id = Long.parseLong(value.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(new FieldError(field, "must be an event id (a whole number >= 0), not '" + value + "'; 0 starts at the oldest entry kept"));
    return 0;
  }

  private static int limit(Context ctx, List<FieldError> problems) {
    String value = ctx.queryParam("limit");
    if (value == null) {
      return PAGE_LIMIT;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= PAGE_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(new FieldError("limit", "must be from 1 to " + PAGE_LIMIT + ", not '" + value + "'"));
    return PAGE_LIMIT;
  }

  /**
   * Follows the log until the client goes away. Runs on the request's virtual thread, so a blocked
   * wait costs no platform thread. When the client asked to resume from an entry the bounded log
   * no longer holds, a {@code gap} event says which ids it missed before the stream continues.
   */
  private void stream(Context ctx, EventFilter filter, long since) throws IOException, InterruptedException {
    ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    long last = since;
    long first = store.read(s -> s.firstEventId());
    try {
      write(out, ": streamfleet events after " + last + "\n\n");
      if (last + 1 < first) {
        write(out, "event: gap\ndata: " + Json.mapper().writeValueAsString(Map.of("missed_from", last + 1, "missed_to", first - 1))
            + "\n\n");
        last = first - 1;
      }
      while (true) {
        long after = last;
        List<EventRecord> batch = store.read(s -> s.events(after, e -> true, PAGE_LIMIT));
        StringBuilder text = new StringBuilder();
        for (EventRecord e : batch) {
          last = e.id();
          if (filter.test(e)) {
            text.append("id: ").append(e.id()).append("\nevent: ").append(e.type()).append("\ndata: ")
                .append(Json.mapper().writeValueAsString(e)).append("\n\n");
          }
        }
        if (!text.isEmpty()) {
          write(out, text.toString());
        }
        if (batch.size() < PAGE_LIMIT && !signal.awaitAfter(last, KEEPALIVE_MS)) {
          write(out, ": keepalive\n\n");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
