package io.streamfleet.bench;

import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Part 3 of {@link JobBench}: a large queue. A server process with no nodes (so every job stays
 * queued) is given Q jobs in batches of B. Reported: its heap after a full GC (beside the same
 * server empty), its RSS, the Raft snapshot, and the time from relaunch after {@code kill -9}
 * until the queue reads Q again. The server snapshots every Q/B entries, so one snapshot falls
 * near the end of the submissions and the restart loads it and replays the few batches after it.
 * Submitting stops at a deadline; the figures are then for what was reached.
 */
final class QueuedJobsRun {
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot written at index (\\d+) \\((\\d+) bytes\\)");

  private QueuedJobsRun() {}

  static void run(Path jar, Path work, JobBench.Options o) throws Exception {
    int batches = (o.queued() + o.queuedBatch() - 1) / o.queuedBatch();
    Path data = work.resolve("queued");
    System.out.printf("queued: %d jobs (%s, 100 cpu_millis, 64 MB, server-named) in batches of %d from %d client threads, no nodes;"
        + " --snapshot-every %d; submission deadline %d s%n", o.queued(), JobApi.SCENARIO, o.queuedBatch(), o.submitters(), batches,
        o.queuedDeadlineS());
    try (BenchServer server = new BenchServer(jar, data, "--insecure", "--snapshot-every", Integer.toString(batches))) {
      server.start();
      JobApi api = new JobApi(server.client().base());
      long heapEmpty = heapUsedAfterGc(server.pid());
      double rssEmpty = ProcStat.rssMb(server.pid());
      long firstIndex = api.appliedIndex();

      long t0 = System.nanoTime();
      int submitted = submitUntil(api, o, batches, t0 + o.queuedDeadlineS() * 1_000_000_000L);
      double submitS = (System.nanoTime() - t0) / 1e9;
      long queued = api.count(JobState.QUEUED);
      long lastIndex = api.appliedIndex();
      long heapFull = heapUsedAfterGc(server.pid());
      double rssFull = ProcStat.rssMb(server.pid());
      System.out.printf("queued: %d of %d jobs submitted in %.1f s (%.0f jobs/s); the server lists %d queued%n", submitted, o.queued(),
          submitS, submitted / submitS, queued);
      System.out.printf("queued: server heap after full GC %.1f MiB empty -> %.1f MiB with %d queued jobs (%.0f bytes/job); RSS %.0f -> %.0f MiB%n",
          heapEmpty / 1048576.0, heapFull / 1048576.0, queued, (heapFull - heapEmpty) / (double) Math.max(1, queued), rssEmpty, rssFull);
      snapshot(data, firstIndex, lastIndex, batches, o.queuedBatch());

      server.kill();
      long launched = System.nanoTime();
      long healthyNanos = server.start();
      BenchCluster.waitUntil(() -> api.count(JobState.QUEUED) == queued, 600_000, "all " + queued + " queued jobs listed after the restart");
      double restartS = (System.nanoTime() - launched) / 1e9;
      System.out.printf("queued: kill -9, relaunch: healthy after %.2f s; GET /api/v1/jobs?state=queued&limit=1 answers total %d after %.2f s%n",
          healthyNanos / 1e9, queued, restartS);
      System.out.printf("queued: after the restart, heap after full GC %.1f MiB, RSS %.0f MiB%n", heapUsedAfterGc(server.pid()) / 1048576.0,
          ProcStat.rssMb(server.pid()));
    }
  }

  /** Submits batches until all are in or the deadline passed; returns how many jobs were accepted. */
  private static int submitUntil(JobApi api, JobBench.Options o, int batches, long deadlineNanos) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < o.submitters(); t++) {
      senders.add(Thread.ofPlatform().name("queue-submit-" + t).start(() -> {
        for (int b = next.getAndIncrement(); b < batches && failure.get() == null && System.nanoTime() < deadlineNanos; b = next.getAndIncrement()) {
          int size = Math.min(o.queuedBatch(), o.queued() - b * o.queuedBatch());
          List<JobRequest> jobs = Collections.nCopies(size, JobApi.job(null));
          try {
            api.submit(jobs);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            return;
          }
          int total = accepted.addAndGet(size);
          if (total % (10 * o.queuedBatch()) == 0) {
            System.err.printf("  (%d jobs queued)%n", total);
          }
        }
      }));
    }
    for (Thread s : senders) {
      s.join();
    }
    if (failure.get() != null) {
      System.out.println("queued: stopped: a submission failed after " + accepted.get() + " jobs: " + failure.get().getMessage());
    } else if (accepted.get() < o.queued()) {
      System.out.println("queued: stopped at the deadline (--queued-deadline-s=" + o.queuedDeadlineS() + ")");
    }
    return accepted.get();
  }

  /**
   * Prints the last snapshot the server wrote (from its log) and the data directory's size. Waits
   * (up to 60 s) for one less than {@code every} entries behind the last: it is written in the
   * background after the entry that triggered it.
   */
  private static void snapshot(Path data, long firstIndex, long lastIndex, int every, int batch) throws Exception {
    Path log = data.resolveSibling(data.getFileName() + ".log");
    long deadline = System.nanoTime() + 60_000_000_000L;
    long index = -1;
    long bytes = -1;
    while (index <= lastIndex - every && System.nanoTime() < deadline) {
      Thread.sleep(200);
      Matcher m = SNAPSHOT.matcher(Files.readString(log));
      while (m.find()) {
        index = Long.parseLong(m.group(1));
        bytes = Long.parseLong(m.group(2));
      }
    }
    if (index < 0) {
      System.out.printf("queued: no snapshot written (log entries %d..%d); data directory %.1f MiB%n", firstIndex, lastIndex, size(data) / 1048576.0);
      return;
    }
    System.out.printf("queued: Raft snapshot at index %d: %.1f MiB (log entries %d..%d written while submitting in batches of %d;"
        + " the %d after the snapshot stay in the log); data directory %.1f MiB%n", index, bytes / 1048576.0, firstIndex + 1, lastIndex,
        batch, lastIndex - index, size(data) / 1048576.0);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** Heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes. */
  static long heapUsedAfterGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = Pattern.compile("(?s)heap\\s.*?used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap use in jcmd GC.heap_info: " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }
}
