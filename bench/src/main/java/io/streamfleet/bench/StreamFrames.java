package io.streamfleet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which instance (epoch) delivered which frame, per stream, as one observer saw it: every
 * occurrence is kept, so a frame seen twice shows as two entries. Thread-safe: an observer's thread
 * adds while the benchmark thread takes copies.
 */
final class StreamFrames {
  private final Map<String, NavigableMap<Long, List<Long>>> byStream = new ConcurrentHashMap<>();

  void add(String stream, long frame, long epoch) {
    NavigableMap<Long, List<Long>> frames = byStream.computeIfAbsent(stream, k -> new TreeMap<>());
    synchronized (frames) {
      frames.computeIfAbsent(frame, k -> new ArrayList<>(1)).add(epoch);
    }
  }

  int streams() {
    return byStream.size();
  }

  /** A copy: stream → frame → the epoch of each occurrence. */
  Map<String, NavigableMap<Long, List<Long>>> copy() {
    Map<String, NavigableMap<Long, List<Long>>> out = new TreeMap<>();
    byStream.forEach((stream, frames) -> {
      synchronized (frames) {
        NavigableMap<Long, List<Long>> c = new TreeMap<>();
        frames.forEach((f, epochs) -> c.put(f, List.copyOf(epochs)));
        out.put(stream, c);
      }
    });
    return out;
  }
}
