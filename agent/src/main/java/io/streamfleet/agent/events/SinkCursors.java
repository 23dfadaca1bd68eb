package io.streamfleet.agent.events;

import io.streamfleet.model.Ids;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each configured sink has acknowledged the outbox: the highest offset it has confirmed
 * (cumulative). Each is kept in a small file, {@code cursor-<sink>}, replaced atomically. A
 * cursor file may lag behind (saved at most every 100 ms): after a crash that only delivers
 * some events again, which consumers de-duplicate. A sink that is no longer configured keeps its
 * file but is not loaded, so it holds nothing back.
 *
 * <p>Not thread-safe. The outbox's lock covers the cursors; {@link #save} touches only the
 * files and runs on one thread at a time (the outbox's sync thread, or open and close).
 */
final class SinkCursors {
  private static final String PREFIX = "cursor-";

  private final Path dir;
  private final Map<String, Long> cursors = new LinkedHashMap<>();
  private final Map<String, Long> saved = new HashMap<>();

  SinkCursors(Path dir, List<String> sinkNames) {
    if (sinkNames.isEmpty()) {
      throw new IllegalArgumentException("an event outbox needs at least one sink (e.g. \"server\")");
    }
    for (String sink : sinkNames) {
      if (!Ids.isValid(sink)) {
        throw new IllegalArgumentException("event sink name '" + sink + "' is invalid; " + Ids.RULE);
      }
      if (cursors.put(sink, 0L) != null) {
        throw new IllegalArgumentException("event sink '" + sink + "' is named twice in " + sinkNames);
      }
    }
    this.dir = dir;
  }

  /**
   * Reads each sink's file. A sink without one is new: it starts at {@code newSinkCursor}
   * (just before the oldest event present), and its file is written at once.
   */
  void load(long newSinkCursor) throws IOException {
    for (String sink : cursors.keySet()) {
      Path file = dir.resolve(PREFIX + sink);
      String text = AtomicFiles.readIfExists(file);
      long cursor;
      try {
        cursor = text == null ? newSinkCursor : Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new IOException(file + " holds '" + text.strip() + "' where an outbox offset was expected; delete it to deliver every event "
            + "still in the outbox to sink " + sink + " again", e);
      }
      cursors.put(sink, cursor);
      if (text != null) {
        saved.put(sink, cursor);
      }
    }
    save(Map.copyOf(cursors));
  }

  long get(String sink) {
    Long cursor = cursors.get(sink);
    if (cursor == null) {
      throw new IllegalArgumentException("'" + sink + "' is not a sink of this event outbox; its sinks are " + cursors.keySet());
    }
    return cursor;
  }

  /** Moves {@code sink}'s cursor up to {@code offset}; false if it was there already. */
  boolean advance(String sink, long offset) {
    if (offset <= get(sink)) {
      return false;
    }
    cursors.put(sink, offset);
    return true;
  }

  /** Moves every cursor that is behind up to {@code offset}. */
  void advanceAll(long offset) {
    cursors.replaceAll((sink, cursor) -> Math.max(cursor, offset));
  }

  long min() {
    return cursors.values().stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  long max() {
    return cursors.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  /** The sinks that have not acknowledged {@code offset}. */
  List<String> behind(long offset) {
    List<String> out = new ArrayList<>();
    cursors.forEach((sink, cursor) -> {
      if (cursor < offset) {
        out.add(sink);
      }
    });
    return out;
  }

  Map<String, Long> snapshot() {
    return Map.copyOf(cursors);
  }

  /** Writes the files of the cursors in {@code snapshot} that changed since they were last written. */
  void save(Map<String, Long> snapshot) throws IOException {
    for (Map.Entry<String, Long> e : snapshot.entrySet()) {
      if (!e.getValue().equals(saved.get(e.getKey()))) {
        AtomicFiles.write(dir.resolve(PREFIX + e.getKey()), e.getValue() + "\n");
        saved.put(e.getKey(), e.getValue());
      }
    }
  }
}
