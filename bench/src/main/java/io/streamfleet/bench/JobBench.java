package io.streamfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job system's figures for docs/benchmarks.md, each part on its own server process:
 *
 * <ol>
 *   <li>dispatch ({@link JobDispatchRun}): N jobs pushed to A simulated agents, each attempt a
 *       fake processor of RUN_MS; jobs/s until all succeeded, submit-to-start latency, Raft commits;
 *   <li>baseline ({@link SeedPollingRun}): the seed's pull design on the same kind of server,
 *       W HTTP workers polling {@code GET /jobs/next} every 10 s as the seed's agent does (fewer
 *       jobs: it runs at W jobs per interval); then the same workers asking again at once;
 *   <li>a large queue ({@link QueuedJobsRun}): Q queued jobs; heap after GC, snapshot size, and
 *       restart time after {@code kill -9}.
 * </ol>
 *
 * Usage: {@code JobBench JAR [--name=value ...]}; the names and defaults are in {@link Options#DEFAULTS}.
 */
public final class JobBench {
  /** Every setting with its default; {@code --parts} is a comma-separated subset of 1,2,3. */
  record Options(Set<String> parts, int jobs, int warmup, int batch, int submitters, int agents, int runMs, int workers, int seedJobs,
      int seedIntervalS, int pullJobs, int pullWaitS, int queued, int queuedBatch, int queuedDeadlineS) {
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("parts", "1,2,3");
      d.put("jobs", "10000");            // part 1: measured jobs
      d.put("warmup", "1000");           // part 1: jobs run first, not measured (JIT)
      d.put("batch", "100");             // parts 1 and 2: jobs per POST
      d.put("submitters", "2");          // client threads that POST batches (parts 1 and 3)
      d.put("agents", "4");              // part 1: simulated agents
      d.put("run-ms", "50");             // how long every fake job runs
      d.put("workers", "4");             // part 2: HTTP workers
      d.put("seed-jobs", "20");          // part 2: jobs for the 10 s ticker (0.4 jobs/s with 4 workers)
      d.put("seed-interval-s", "10");    // part 2: the seed's default --poll-interval
      d.put("pull-jobs", "1000");        // part 2: jobs for workers that ask again at once
      d.put("pull-wait-s", "10");        // part 2: wait_s of those polls (0: none)
      d.put("queued", "1000000");        // part 3: jobs queued
      // part 3: jobs per POST. The API takes 10,000, but such a command (4.3 MB) exceeds the Raft
      // log's 4 MiB entry limit and is refused with 503 (found by this benchmark, 2026-12-02)
      d.put("queued-batch", "5000");
      d.put("queued-deadline-s", "200"); // part 3: stop submitting after this long
      return Map.copyOf(d);
    }

    static Options parse(String[] args) {
      Map<String, String> v = BenchArgs.parse(args, DEFAULTS);
      return new Options(new java.util.TreeSet<>(List.of(v.get("parts").split(","))), num(v, "jobs"), num(v, "warmup"), num(v, "batch"),
          num(v, "submitters"), num(v, "agents"), num(v, "run-ms"), num(v, "workers"), num(v, "seed-jobs"), num(v, "seed-interval-s"), num(v, "pull-jobs"),
          num(v, "pull-wait-s"), num(v, "queued"), num(v, "queued-batch"), num(v, "queued-deadline-s"));
    }

    private static int num(Map<String, String> v, String name) {
      return BenchArgs.num(v, name);
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    Options o = Options.parse(java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
    Path work = Files.createTempDirectory("streamfleet-job-bench");
    System.out.printf("machine: %d cores, %.1f GiB RAM, Java %s; %s; data and logs in %s%n", Runtime.getRuntime().availableProcessors(),
        totalRamGib(), Runtime.version(), o, work);
    long t0 = System.nanoTime();
    if (o.parts().contains("1")) {
      JobDispatchRun.run(jar, work, o);
    }
    if (o.parts().contains("2")) {
      SeedPollingRun.run(jar, work, o);
    }
    if (o.parts().contains("3")) {
      QueuedJobsRun.run(jar, work, o);
    }
    System.out.printf("total run time %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static double totalRamGib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0;
        }
      }
    } catch (java.io.IOException e) {
      // not Linux: unknown
    }
    return Double.NaN;
  }
}
