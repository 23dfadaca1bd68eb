package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.api.StreamStatus;
import io.streamfleet.model.api.StreamView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches every stream's frame counters through {@code GET /streams} every {@value #PERIOD_MS} ms,
 * as a monitoring system would: frames processed and dropped per stream and epoch (an instance's
 * counters start at 0, so a new epoch is a new counter, and a dead instance keeps its last value),
 * each stream's latest p99 latency and fps, and where streams run.
 *
 * <p>Frames processed over a window are the sum, over every (stream, epoch), of its counter's
 * growth in the window. Availability is those frames over the frames due ({@code cameras * fps *
 * seconds}): a camera-second without frames (a failover, a stall) lowers it, and so do dropped
 * frames, so it is a strict measure; the overlap of a make-before-break move counts its frames
 * twice, so moves can lift it a little (they last a few hundred milliseconds). Camera-seconds
 * available are the other measure: a camera is down while its count does not grow (see
 * {@link #DOWN_AFTER_NANOS}).
 */
final class StreamSampler implements AutoCloseable {
  static final long PERIOD_MS = 250;

  /**
   * A camera whose frame count has not grown for longer than this is down, for all but the first
   * {@link #REPORTING_NANOS} of the gap: agents report counts once a second (plus a heartbeat and a
   * poll, up to 1.5 s between two growths while frames flow).
   */
  static final long DOWN_AFTER_NANOS = 2_000_000_000L;
  static final long REPORTING_NANOS = 1_000_000_000L;

  /** Counters at one moment; {@code downNanos} is the camera-time without frames so far, over all cameras. */
  record Snapshot(long atNanos, Map<String, long[]> counters, Map<String, Long> nodeCounts, long downNanos) {
    /** Frames processed and dropped between {@code earlier} and this. */
    long[] since(Snapshot earlier) {
      long processed = 0;
      long dropped = 0;
      for (Map.Entry<String, long[]> e : counters.entrySet()) {
        long[] before = earlier.counters.getOrDefault(e.getKey(), new long[2]);
        processed += Math.max(0, e.getValue()[0] - before[0]);
        dropped += Math.max(0, e.getValue()[1] - before[1]);
      }
      return new long[] {processed, dropped};
    }
  }

  private final StreamfleetClient client;
  private final Thread thread;
  private final Map<String, long[]> counters = new HashMap<>(); // "stream@epoch" -> {processed, dropped}
  private final Map<String, long[]> progress = new HashMap<>(); // stream -> {frames over all epochs, when they last grew}
  private long downNanos;
  private final List<Double> p99Samples = new ArrayList<>();
  private final List<Double> fpsSamples = new ArrayList<>();
  private Map<String, Long> nodeCounts = Map.of();
  private volatile boolean recordLatency;
  private volatile boolean stopped;
  private volatile boolean paused;
  private long failedPolls;

  StreamSampler(StreamfleetClient client) {
    this.client = client;
    this.thread = Thread.ofPlatform().name("stream-sampler").daemon().start(this::run);
  }

  private void run() {
    long next = System.nanoTime();
    int tick = 0;
    while (!stopped) {
      if (!paused) {
        poll(tick);
      }
      tick++;
      next += PERIOD_MS * 1_000_000;
      LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
    }
  }

  private void poll(int tick) {
    try {
      List<StreamView> streams = client.streams();
      boolean latencyTick = recordLatency && tick % 4 == 0; // one p99 sample per stream a second
      Map<String, Long> nodes = new TreeMap<>();
      double fps = 0;
      synchronized (this) {
        for (StreamView s : streams) {
          StreamStatus st = s.status();
          if (st == null || st.node() == null) {
            continue;
          }
          if (st.state() == AssignmentState.RUNNING) {
            nodes.merge(st.node(), 1L, Long::sum);
            fps += st.fps() == null ? 0 : st.fps();
          }
          if (st.frames() != null) {
            counters.put(s.id() + "@" + st.epoch(), new long[] {st.frames().processed(), st.frames().dropped()});
            if (latencyTick && st.state() == AssignmentState.RUNNING) {
              p99Samples.add(st.frames().latencyMsP99());
            }
          }
        }
        nodeCounts = nodes;
        trackProgress(System.nanoTime());
        if (latencyTick) {
          fpsSamples.add(fps);
        }
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        failedPolls++;
      }
    }
  }

  /** Per camera, adds to the down time a gap in its frames once it ends. */
  private void trackProgress(long now) {
    Map<String, Long> totals = new HashMap<>();
    counters.forEach((key, v) -> totals.merge(key.substring(0, key.lastIndexOf('@')), v[0], Long::sum));
    totals.forEach((stream, frames) -> {
      long[] p = progress.get(stream);
      if (p == null) {
        progress.put(stream, new long[] {frames, now});
      } else if (frames > p[0]) {
        downNanos += gapDown(now - p[1]);
        p[0] = frames;
        p[1] = now;
      }
    });
  }

  private static long gapDown(long gapNanos) {
    return gapNanos > DOWN_AFTER_NANOS ? gapNanos - REPORTING_NANOS : 0;
  }

  synchronized Snapshot snapshot() {
    Map<String, long[]> copy = new HashMap<>();
    counters.forEach((k, v) -> copy.put(k, v.clone()));
    long now = System.nanoTime();
    long openGaps = progress.values().stream().mapToLong(p -> gapDown(now - p[1])).sum();
    return new Snapshot(now, copy, nodeCounts, downNanos + openGaps);
  }

  /**
   * Stops polling (the server's CPU is then measured without a monitoring system's load) until
   * {@link #resume()}. The paused time is not observed: it counts neither as up nor as down.
   */
  void pause() {
    paused = true;
  }

  synchronized void resume() {
    long now = System.nanoTime();
    progress.values().forEach(p -> p[1] = now);
    paused = false;
  }

  /** Starts collecting one p99 latency sample per running stream per second (clears earlier ones). */
  synchronized void startLatencySamples() {
    p99Samples.clear();
    fpsSamples.clear();
    recordLatency = true;
  }

  /** The p99 samples since {@link #startLatencySamples()}, and stops collecting. */
  synchronized List<Double> stopLatencySamples() {
    recordLatency = false;
    return List.copyOf(p99Samples);
  }

  /** The total of the streams' fps (each agent's rate over its last 2 s), once a second since {@link #startLatencySamples()}. */
  synchronized List<Double> fpsSamples() {
    return List.copyOf(fpsSamples);
  }

  synchronized Map<String, Long> nodeCounts() {
    return nodeCounts;
  }

  synchronized long failedPolls() {
    return failedPolls;
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(2_000);
  }
}
