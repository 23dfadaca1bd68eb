package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A planned exclusive move, end to end: two agents (role=a, role=b, 1,000 cpu_millis each) and one
 * exclusive stream {@code rec} (800 cpu_millis, priority 10) whose {@link Witness} processor
 * ignores SIGTERM, so its stop takes the agent's whole 5 s grace. Each repetition creates a
 * priority-90 stream that only rec's node may run: rec is preempted, and may start on the other
 * node only once its node confirms the old instance dead. Measured: preemption (POST) to rec
 * running elsewhere, and the witness gap between the instances (negative would be an overlap).
 *
 * <p>Usage: {@code ExclusivePreemptionBench JAR [REPS=30]}.
 */
public final class ExclusivePreemptionBench {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path work = Files.createTempDirectory("streamfleet-preemption-bench");
    System.out.printf("exclusive preemption benchmark: 1 server, 2 agents, %d repetitions; work dir %s%n", reps, work);
    try (BenchCluster cluster = new BenchCluster(jar, work, "--rebalance-max-moves", "0")) {
      cluster.start(0);
      cluster.startAgent("node-a", "--cpu-millis", "1000", "--labels", "role=a");
      cluster.startAgent("node-b", "--cpu-millis", "1000", "--labels", "role=b");
      BenchCluster.waitUntil(() -> cluster.readyNodes() == 2, 60_000, "agents registered");
      StreamfleetClient c = cluster.client();
      Witness witness = new Witness(work.resolve("witness.log"));
      witness.defineProcessor(c);
      c.createStream(new StreamRequest("rec", "rtsp://camera.test/rec", "witness", null, new StreamRequest.ResourceRequest(800, 32, null, null),
          null, 10, "exclusive", null, null));
      BenchCluster.waitUntil(() -> c.stream("rec").status().state() == AssignmentState.RUNNING, 30_000, "rec running");
      List<Long> moves = new ArrayList<>();
      List<Long> gaps = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        String from = c.stream("rec").status().node();
        int epochs = witness.epochs();
        long t0 = System.currentTimeMillis();
        c.createStream(new StreamRequest("vip", "synthetic://vip?fps=5&width=160&height=90", "motion", null,
            new StreamRequest.ResourceRequest(800, 32, null, null), null, 90, "overlap", null, null, null,
            Map.of("role", from.equals("node-a") ? "a" : "b")));
        BenchCluster.waitUntil(() -> {
          var s = c.stream("rec").status();
          return s.state() == AssignmentState.RUNNING && !from.equals(s.node());
        }, 60_000, "rec running elsewhere");
        moves.add(c.stream("rec").status().sinceMs() - t0);
        BenchCluster.waitUntil(() -> witness.epochs() > epochs, 30_000, "the new instance in the witness");
        gaps.add(witness.lastGapMs());
        c.deleteStream("vip");
        System.out.printf("rep %d: rec moved from %s in %d ms, gap %d ms%n", i + 1, from, moves.getLast(), gaps.getLast());
      }
      System.out.println();
      System.out.printf("preemption -> exclusive stream running elsewhere (n=%d): %s%n", moves.size(), fmt(moves));
      System.out.printf("gap between the old instance's last sign of life and the new one's first (n=%d): %s; overlaps: %d%n",
          gaps.size(), fmt(gaps), gaps.stream().filter(g -> g < 0).count());
    }
  }

  private static String fmt(List<Long> ms) {
    List<Long> s = ms.stream().sorted().toList();
    return String.format("min %d ms, p50 %d ms, max %d ms", s.getFirst(), s.get((s.size() - 1) / 2), s.getLast());
  }
}
