package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.StreamRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Control-plane figures for docs/benchmarks.md, each beside a baseline from the same run:
 *
 * <ol>
 *   <li>REST write latency: N sequential {@code POST /streams} from one client (each answered only
 *       after its Raft commit, fsync included), against N {@code GET /health} on the same server
 *       (HTTP round trip, no Raft);
 *   <li>restart recovery: {@code kill -9}, then time from launch to healthy and to every stream
 *       readable, for a server holding N streams (log replay; and snapshot + short log), against
 *       the start of a server with an empty data directory.
 * </ol>
 *
 * Usage: ControlPlaneBench JAR [N=1000] [REPS=5]
 */
public final class ControlPlaneBench {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path work = Files.createTempDirectory("streamfleet-bench");
    System.out.printf("machine: %d cores, Java %s; N=%d, restart repetitions=%d%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), n, reps);

    // 1. write latency vs. health round trip
    try (BenchServer s = new BenchServer(jar, work.resolve("latency"))) {
      s.start();
      StreamfleetClient c = s.client();
      for (int i = 0; i < 200; i++) { // warm-up: JIT both sides
        c.health();
        c.createStream(stream("warm-" + i));
      }
      long[] health = new long[n];
      long[] writes = new long[n];
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        c.health();
        health[i] = System.nanoTime() - t;
      }
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        c.createStream(stream("cam-" + i));
        writes[i] = System.nanoTime() - t;
      }
      Stats h = Stats.ofNanos(health);
      Stats w = Stats.ofNanos(writes);
      System.out.println("baseline GET /health:     " + h);
      System.out.println("POST /streams (commit):   " + w);
      System.out.printf("ratio write/health: p50 %.1fx, p99 %.1fx%n", w.p50() / h.p50(), w.p99() / h.p99());
    }

    // 2. restart recovery
    double empty = medianStart(jar, work, "empty", 0, reps);
    double log = medianStart(jar, work, "log", n, reps);
    double snap = medianStart(jar, work, "snapshot", n, reps, "--snapshot-every", "100");
    System.out.printf("restart to all streams readable, median of %d: empty %.0f ms | %d streams from log %.0f ms (%.2fx) | %d streams from snapshot+log %.0f ms (%.2fx)%n",
        reps, empty, n, log, log / empty, n, snap, snap / empty);
  }

  /** Median time from launch to every one of {@code streams} streams readable after kill -9. */
  private static double medianStart(Path jar, Path work, String name, int streams, int reps, String... extra) throws Exception {
    Path data = work.resolve("restart-" + name);
    long[] times = new long[reps];
    try (BenchServer s = new BenchServer(jar, data, extra)) {
      s.start();
      for (int i = 0; i < streams; i++) {
        s.client().createStream(stream("cam-" + i));
      }
      for (int r = 0; r < reps; r++) {
        s.kill();
        long t0 = System.nanoTime();
        s.start();
        while (s.client().streams().size() < streams) {
          Thread.sleep(5);
        }
        times[r] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(times);
    double median = times[reps / 2] / 1e6;
    System.out.printf("  %-9s %5d streams: restart times ms %s%n", name, streams, Arrays.toString(Arrays.stream(times).map(t -> t / 1_000_000).toArray()));
    return median;
  }

  private static StreamRequest stream(String id) {
    return new StreamRequest(id, "synthetic://" + id + "?fps=10", "motion", "zone-a", null, null, null, null, null, null);
  }
}
