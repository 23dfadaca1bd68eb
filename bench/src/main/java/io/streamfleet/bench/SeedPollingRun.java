package io.streamfleet.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Part 2 of {@link JobBench}, the baseline: the seed's pull design on the same kind of server. W
 * HTTP workers ({@link SeedWorker}) poll {@code GET /jobs/next}: first as the seed's agent does
 * (a 10 s ticker, one job at a time), then asking again at once (with {@code wait_s} where the
 * server long-polls). Each mode runs on a fresh server, so the two queues do not mix.
 */
final class SeedPollingRun {
  private SeedPollingRun() {}

  static void run(Path jar, Path work, JobBench.Options o) throws Exception {
    if (o.seedJobs() > 0) {
      Duration interval = Duration.ofSeconds(o.seedIntervalS());
      mode(jar, work.resolve("seed-ticker"), o, o.seedJobs(), "seed polling (ticker every " + o.seedIntervalS()
          + " s as the seed's agent, phases spread evenly, 1 job at a time)",
          i -> SeedWorker.Poll.ticker(interval, interval.multipliedBy(i).dividedBy(o.workers())));
    }
    if (o.pullJobs() > 0) {
      mode(jar, work.resolve("seed-continuous"), o, o.pullJobs(), "pull API, no interval (ask again at once"
          + (o.pullWaitS() > 0 ? ", wait_s=" + o.pullWaitS() : "") + ", 1 job at a time)", i -> SeedWorker.Poll.continuous(o.pullWaitS()));
    }
  }

  private interface PollOf {
    SeedWorker.Poll of(int worker);
  }

  private static void mode(Path jar, Path dir, JobBench.Options o, int jobs, String label, PollOf poll) throws Exception {
    ConcurrentMap<String, Long> received = new ConcurrentHashMap<>();
    List<SeedWorker> workers = new ArrayList<>();
    try (BenchServer server = new BenchServer(jar, dir, "--insecure")) {
      server.start();
      try {
        measure(server, o, jobs, label, poll, received, workers);
      } finally {
        workers.forEach(SeedWorker::close); // before the server goes
      }
    }
  }

  private static void measure(BenchServer server, JobBench.Options o, int jobs, String label, PollOf poll, ConcurrentMap<String, Long> received,
      List<SeedWorker> workers) throws Exception {
    URI base = server.client().base();
    JobApi api = new JobApi(base);
    for (int i = 0; i < o.workers(); i++) {
      workers.add(SeedWorker.start(base, "bench-worker-" + i, poll.of(i), Duration.ofMillis(o.runMs()), received));
    }
    long t0 = System.nanoTime();
    long[] submitted = BatchSubmitter.submit(api, "p", jobs, o.batch(), 1);
    long expectedMs = poll.of(0).intervalMs() > 0 ? (long) jobs / o.workers() * poll.of(0).intervalMs() : jobs * (long) o.runMs();
    BenchCluster.waitUntil(() -> workers.stream().mapToLong(SeedWorker::results).sum() >= jobs, expectedMs + 120_000,
        "every job's result posted");
    double wallS = (System.nanoTime() - t0) / 1e9;
    long[] latencies = BatchSubmitter.latencies("p", submitted, received::get);
    long empty = workers.stream().mapToLong(SeedWorker::emptyPolls).sum();
    System.out.printf("%s, %d HTTP workers, %d ms jobs: %d jobs, all results posted %.2f s after the first POST: %.2f jobs/s"
        + " (a worker's cycle per job %.0f ms; %d empty polls)%n", label, o.workers(), o.runMs(), jobs, wallS, jobs / wallS,
        wallS * 1e3 * o.workers() / jobs, empty);
    System.out.printf("%s: submit (its POST returned) -> job received by the worker: %s%n", label, Stats.ofNanos(latencies));
  }
}
