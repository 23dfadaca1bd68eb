package io.streamfleet.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfleet.model.event.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A live subscription to {@code GET /api/v1/events} (Server-Sent Events), opened by
 * {@link StreamfleetClient#followEvents}. Parses the stream's {@code id:}/{@code event:}/{@code
 * data:} lines and hands each entry to the consumer; {@link #lastId()} is what to resume from
 * after the connection breaks. {@link #close()} ends it.
 */
public final class EventFollower implements AutoCloseable {
  private final ObjectMapper json;
  private final Consumer<EventRecord> onEvent;
  private volatile Stream<String> lines;
  private volatile Long lastId;
  private volatile boolean closed;
  private CompletableFuture<Void> done;
  private String data;
  private String type;

  EventFollower(ObjectMapper json, Long since, Consumer<EventRecord> onEvent) {
    this.json = json;
    this.onEvent = onEvent;
    this.lastId = since;
  }

  void attach(Stream<String> body, CompletableFuture<Void> finished) {
    this.lines = body;
    this.done = finished;
    if (closed) {
      body.close();
    }
  }

  /** One line of the stream; a blank line ends an event. */
  void line(String line) {
    if (line.isEmpty()) {
      dispatch();
    } else if (line.startsWith("data:")) {
      data = data == null ? line.substring(5).trim() : data + "\n" + line.substring(5).trim();
    } else if (line.startsWith("event:")) {
      type = line.substring(6).trim();
    }
    // id: lines repeat the entry's id, which the data carries as well; comments (":") keep alive
  }

  private void dispatch() {
    String d = data;
    String t = type;
    data = null;
    type = null;
    if (d == null || "gap".equals(t)) {
      return;
    }
    try {
      EventRecord e = json.readValue(d, EventRecord.class);
      lastId = e.id();
      onEvent.accept(e);
    } catch (IOException e) {
      throw new UncheckedIOException("an event the server sent is not valid JSON: " + d, e);
    }
  }

  /** The id of the last entry received, else where it started (null: from the newest at the time). */
  public Long lastId() {
    return lastId;
  }

  /** Completes when the server closed the stream or the connection broke. */
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    closed = true;
    Stream<String> s = lines;
    if (s != null) {
      s.close();
    }
  }
}
