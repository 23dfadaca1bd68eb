package io.streamfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.job.JobState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 1 of {@link JobBench}: Streamfleet's push dispatch. One server, A simulated agents
 * ({@link AgentFleet}) that run every attempt as a fake processor ({@link FakeJobRunner}); N jobs
 * submitted in batches; the time until all succeeded and each job's submit-to-start latency.
 */
final class JobDispatchRun {
  private JobDispatchRun() {}

  static void run(Path jar, Path work, JobBench.Options o) throws Exception {
    System.out.printf("dispatch: 1 server (--insecure), %d simulated agents (16,000 cpu_millis, 64 GiB, exec allowed; every attempt a fake"
        + " %d ms processor), %d jobs (%s, 100 cpu_millis, 64 MB) in batches of %d from %d client threads, after %d warm-up jobs%n",
        o.agents(), o.runMs(), o.jobs(), JobApi.SCENARIO, o.batch(), o.submitters(), o.warmup());
    try (BenchServer server = new BenchServer(jar, work.resolve("dispatch"), "--insecure");
         FakeJobRunner runner = new FakeJobRunner(Duration.ofMillis(o.runMs()))) {
      server.start();
      URI base = server.client().base();
      JobApi api = new JobApi(base);
      try (AgentFleet fleet = AgentFleet.start(o.agents(), List.of("127.0.0.1:" + server.rpcPort()), null,
          new AgentFleet.Registration(16_000, 64 * 1024, true))) {
        runner.attachTo(fleet);
        BenchCluster.waitUntil(() -> fleet.registered() == o.agents() && api.readyNodes() == o.agents(), 60_000, "all agents ready");
        if (o.warmup() > 0) {
          BatchSubmitter.submit(api, "warm", o.warmup(), o.batch(), o.submitters());
          waitAllDone(api, runner, o.warmup(), "the warm-up jobs");
        }
        JobApi.Commits commitsBefore = api.commits();
        long cpuBefore = ProcStat.cpuNanos(server.pid());
        long t0 = System.nanoTime();
        long[] submitted = BatchSubmitter.submit(api, "m", o.jobs(), o.batch(), o.submitters());
        double submitS = (System.nanoTime() - t0) / 1e9;
        waitAllDone(api, runner, o.warmup() + o.jobs(), "every job succeeded");
        double wallS = (System.nanoTime() - t0) / 1e9;
        double cpuS = (ProcStat.cpuNanos(server.pid()) - cpuBefore) / 1e9;
        JobApi.Commits commitsAfter = api.commits();
        long failed = api.count(JobState.FAILED);
        long[] latencies = BatchSubmitter.latencies("m", submitted, runner::receivedNanos);

        System.out.printf("dispatch: %d jobs submitted in %.2f s (%.0f jobs/s accepted); all succeeded %.2f s after the first POST: %.0f jobs/s"
            + " (%d attempts for %d jobs incl. warm-up, %d failed)%n", o.jobs(), submitS, o.jobs() / submitS, wallS, o.jobs() / wallS,
            runner.attempts(), o.warmup() + o.jobs(), failed);
        System.out.printf("dispatch: submit (its POST returned) -> attempt received by the agent: %s (%d started before their POST returned)%n",
            Stats.ofNanos(latencies), BatchSubmitter.negatives(latencies));
        serverSide(api, o.jobs());
        System.out.println("dispatch, Raft: " + commitsAfter.since(commitsBefore, wallS));
        System.out.printf("dispatch: server CPU %.1f s in %.1f s wall (%.2f of %d cores)%n", cpuS, wallS, cpuS / wallS,
            Runtime.getRuntime().availableProcessors());
      }
    }
  }

  /** Waits until every attempt ended, nothing is queued or active, and at least {@code jobs} jobs ran. */
  private static void waitAllDone(JobApi api, FakeJobRunner runner, int jobs, String what) throws Exception {
    BenchCluster.waitUntil(() -> runner.outcomes() >= jobs && runner.outcomes() >= runner.attempts()
        && api.count(JobState.QUEUED) == 0 && api.count(JobState.DISPATCHED) == 0 && api.count(JobState.RUNNING) == 0,
        600_000, what);
  }

  /** The same jobs on the server's clock (committed times): submitted -> dispatched, and -> started (RUNNING applied). */
  private static void serverSide(JobApi api, int jobs) {
    JsonNode list;
    try {
      list = api.list(JobState.SUCCEEDED, jobs);
    } catch (RuntimeException e) {
      System.out.println("dispatch, server's clock: not available (" + e.getMessage() + ")");
      return;
    }
    List<Long> dispatched = new ArrayList<>();
    List<Long> started = new ArrayList<>();
    for (JsonNode j : list) {
      if (!j.path("id").asText().startsWith("m-")) {
        continue;
      }
      long submittedMs = j.path("submitted_ms").asLong();
      dispatched.add((j.path("dispatched_ms").asLong() - submittedMs) * 1_000_000);
      started.add((j.path("started_ms").asLong() - submittedMs) * 1_000_000);
    }
    if (dispatched.isEmpty()) {
      System.out.println("dispatch, server's clock: no measured job among the " + list.size() + " listed");
      return;
    }
    System.out.println("dispatch, server's clock (ms resolution): submitted_ms -> dispatched_ms: " + Stats.ofNanos(toArray(dispatched)));
    System.out.println("dispatch, server's clock (ms resolution): submitted_ms -> started_ms:    " + Stats.ofNanos(toArray(started)));
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
