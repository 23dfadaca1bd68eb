package io.streamfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One HTTP worker of the FFmpeg farm seed's pull design (psantana5/ffmpeg-rtmp
 * {@code worker/cmd/agent/main.go}), over the seed's API that Streamfleet serves on its HTTP port:
 * {@code POST /nodes/register}, a heartbeat every 30 s, {@code GET /jobs/next?node_id=}, and
 * {@code POST /results}. It runs each job as a {@code runFor} sleep.
 *
 * <p>Two ways to poll:
 * <ul>
 *   <li>{@link Poll#ticker}: the seed's agent. A ticker fires every {@code --poll-interval} (10 s
 *       by default). On each tick, an idle worker asks for one job, runs it in the background and
 *       posts its result. At {@code --max-concurrent-jobs} 1 (the default), a tick while busy is
 *       skipped. The next job is asked for at the next tick, not when the last one ends.
 *   <li>{@link Poll#continuous}: ask again as soon as the last answer or job is done. With
 *       {@code waitS} > 0 it asks with {@code wait_s}, so an empty queue holds the request open
 *       (long poll) where the server supports it. This shows what the pull API itself can do.
 * </ul>
 */
final class SeedWorker implements AutoCloseable {
  /** How a worker polls: {@code intervalMs} 0 asks again at once; {@code phaseMs} delays a ticker's first tick. */
  record Poll(long intervalMs, long phaseMs, int waitS) {
    static Poll ticker(Duration interval, Duration phase) {
      return new Poll(interval.toMillis(), phase.toMillis(), 0);
    }

    static Poll continuous(int waitS) {
      return new Poll(0, 0, waitS);
    }
  }

  private static final Duration HEARTBEAT = Duration.ofSeconds(30);
  private final HttpJson http;
  private final String nodeId;
  private final Duration runFor;
  private final ConcurrentMap<String, Long> receivedNanos;
  private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("seed-worker-tick").factory());
  private final ExecutorService jobs = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("seed-worker-job").factory());
  private final AtomicBoolean busy = new AtomicBoolean();
  private final LongAdder emptyPolls = new LongAdder();
  private final LongAdder results = new LongAdder();
  private volatile boolean closed;

  private SeedWorker(HttpJson http, String nodeId, Duration runFor, ConcurrentMap<String, Long> receivedNanos) {
    this.http = http;
    this.nodeId = nodeId;
    this.runFor = runFor;
    this.receivedNanos = receivedNanos;
  }

  /**
   * Registers as the seed's agent does ({@code --register}) and starts heartbeating and polling.
   *
   * @param receivedNanos where the worker writes when it received each job ({@code System.nanoTime()})
   */
  static SeedWorker start(URI server, String address, Poll poll, Duration runFor, ConcurrentMap<String, Long> receivedNanos) {
    HttpJson http = new HttpJson(server);
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("address", address);
    registration.put("type", "server");
    registration.put("cpu_threads", 16);
    registration.put("cpu_model", "benchmark");
    registration.put("has_gpu", false);
    registration.put("ram_total_bytes", 64L << 30);
    String id = http.post("/nodes/register", registration, 201, true).path("id").asText();
    SeedWorker w = new SeedWorker(http, id, runFor, receivedNanos);
    w.ticks.scheduleAtFixedRate(w::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    if (poll.intervalMs() > 0) {
      w.ticks.scheduleAtFixedRate(() -> w.tick(poll.waitS()), poll.phaseMs() + poll.intervalMs(), poll.intervalMs(), TimeUnit.MILLISECONDS);
    } else {
      w.jobs.execute(() -> w.pollContinuously(poll.waitS()));
    }
    return w;
  }

  String nodeId() {
    return nodeId;
  }

  long emptyPolls() {
    return emptyPolls.sum();
  }

  long results() {
    return results.sum();
  }

  private void heartbeat() {
    try {
      http.post("/nodes/" + nodeId + "/heartbeat", null, 200, false);
    } catch (RuntimeException e) {
      System.err.println("  (heartbeat of " + nodeId + " failed: " + e.getMessage() + ")");
    }
  }

  /** One tick of the seed's polling loop. */
  private void tick(int waitS) {
    if (closed || busy.get()) {
      return; // "At max concurrent jobs (1/1), waiting..."
    }
    try {
      JsonNode job = next(waitS);
      if (job != null) {
        busy.set(true);
        jobs.execute(() -> {
          try {
            run(job);
          } finally {
            busy.set(false);
          }
        });
      }
    } catch (RuntimeException e) {
      System.err.println("  (poll of " + nodeId + " failed: " + e.getMessage() + ")");
    }
  }

  private void pollContinuously(int waitS) {
    while (!closed) {
      try {
        JsonNode job = next(waitS);
        if (job != null) {
          run(job);
        }
      } catch (RuntimeException e) {
        if (!closed) {
          System.err.println("  (poll of " + nodeId + " failed: " + e.getMessage() + ")");
          sleep(Duration.ofMillis(100));
        }
      }
    }
  }

  /** The next job for this worker, or null when there is none. */
  private JsonNode next(int waitS) {
    JsonNode job = http.get("/jobs/next?node_id=" + nodeId + (waitS > 0 ? "&wait_s=" + waitS : "")).path("job");
    if (job.isMissingNode() || job.isNull()) {
      emptyPolls.increment();
      return null;
    }
    receivedNanos.putIfAbsent(job.path("id").asText(), System.nanoTime());
    return job;
  }

  private void run(JsonNode job) {
    sleep(runFor);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("job_id", job.path("id").asText());
    result.put("node_id", nodeId);
    result.put("status", "completed");
    result.put("metrics", Map.of("cpu_usage", 0.0, "memory_usage", 0.0, "duration", runFor.toMillis() / 1000.0));
    http.post("/results", result, 200, false);
    results.increment();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    ticks.shutdownNow();
    jobs.shutdownNow();
  }
}
