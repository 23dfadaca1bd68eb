package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AuditEntry;
import io.streamfleet.model.api.NodeView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * False alarms under load: a server, 4 agents and N streams keep running while busy loops
 * saturate every core; counts the nodes declared down or suspect (from the audit trail; target 0)
 * and the oldest heartbeat seen by polling the nodes, beside the same window without the hogs
 * (the baseline).
 *
 * <p>Usage: {@code FalseAlarmBench JAR [SECONDS=600] [STREAMS=100] [HOGS=2*cores] [BASELINE_SECONDS=60]}.
 */
public final class FalseAlarmBench {
  private record Window(long downs, long suspects, long maxHeartbeatAgeMs, long p99HeartbeatAgeMs) {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    int streams = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int hogs = args.length > 3 ? Integer.parseInt(args[3]) : 2 * Runtime.getRuntime().availableProcessors();
    int baselineSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    Path work = Files.createTempDirectory("streamfleet-false-alarm-bench");
    System.out.printf("false-alarm benchmark: 1 server, 4 agents, %d streams, %d busy loops for %d s (baseline %d s without); work dir %s%n",
        streams, hogs, seconds, baselineSeconds, work);
    try (BenchCluster cluster = new BenchCluster(jar, work, "--rebalance-max-moves", "0").start(4)) {
      cluster.createStreams(streams, 100);
      BenchCluster.waitUntil(cluster::allRunning, 60_000, "all streams running");
      Window baseline = observe(cluster.client(), baselineSeconds);
      List<Process> busy = new ArrayList<>();
      try {
        for (int i = 0; i < hogs; i++) {
          busy.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
        Window loaded = observe(cluster.client(), seconds);
        print("baseline (no hogs)", baseline);
        print("under " + hogs + " busy loops", loaded);
      } finally {
        busy.forEach(Process::destroyForcibly);
      }
    }
  }

  private static Window observe(StreamfleetClient client, int seconds) throws Exception {
    long startMs = System.currentTimeMillis();
    long end = startMs + seconds * 1000L;
    List<Long> ages = new ArrayList<>();
    long nextReport = startMs + 60_000;
    while (System.currentTimeMillis() < end) {
      for (NodeView n : client.nodes()) {
        if (n.lastHeartbeatMsAgo() != null) {
          ages.add(n.lastHeartbeatMsAgo());
        }
      }
      if (System.currentTimeMillis() >= nextReport) {
        System.out.printf("  %d s: %d down so far%n", (System.currentTimeMillis() - startMs) / 1000, count(client, startMs, "node.down"));
        nextReport += 60_000;
      }
      Thread.sleep(100);
    }
    List<Long> sorted = ages.stream().sorted().toList();
    long p99 = sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(0.99 * sorted.size()) - 1));
    return new Window(count(client, startMs, "node.down"), countSuspects(client, startMs), sorted.isEmpty() ? -1 : sorted.getLast(), p99);
  }

  private static long count(StreamfleetClient client, long sinceMs, String type) {
    return client.audit(10_000).stream().filter(e -> e.atMs() >= sinceMs && type.equals(e.action()) && "ok".equals(e.outcome())).count();
  }

  private static long countSuspects(StreamfleetClient client, long sinceMs) {
    // node.health entries are suspect or ready verdicts; every suspect is followed by a ready (or a down).
    List<AuditEntry> health = client.audit(10_000).stream().filter(e -> e.atMs() >= sinceMs && "node.health".equals(e.action()) && "ok".equals(e.outcome())).toList();
    return (health.size() + 1) / 2;
  }

  private static void print(String label, Window w) {
    System.out.printf("%s: nodes declared down %d, suspect episodes %d, heartbeat age seen p99 %d ms, max %d ms (down after 1000 ms)%n",
        label, w.downs(), w.suspects(), w.p99HeartbeatAgeMs(), w.maxHeartbeatAgeMs());
  }
}
