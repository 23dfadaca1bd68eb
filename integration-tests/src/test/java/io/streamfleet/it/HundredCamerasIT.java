package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling seed's load test, bounded for CI: 100 cameras (synthetic, 30 fps) processed by
 * {@code motion} on three real agents, measured over a window as a monitoring system sees them:
 * "processed_fps > 2900, failed_frames_percent < 0.1, p99_latency_ms < 200" and an even spread
 * ("std_deviation < 0.1" of the mean). The long runs, with agents joining, draining and dying, are
 * bench/run-scale.sh.
 */
@Tag("integration")
class HundredCamerasIT {
  private static final int CAMERAS = 100;
  private static final int FPS = 30;
  private static final Duration WINDOW = Duration.ofSeconds(20);

  @TempDir Path tmp;

  @Test
  void hundredCamerasOnThreeAgentsMeetTheSeedsTargets() throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess a1 = agent(server, "node-1");
         AgentProcess a2 = agent(server, "node-2");
         AgentProcess a3 = agent(server, "node-3")) {
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.nodes().size() == 3);
      for (int i = 1; i <= CAMERAS; i++) {
        client.createStream(new StreamRequest("cam-" + i, "synthetic://cam-" + i + "?fps=" + FPS + "&width=160&height=90", "motion", null,
            new StreamRequest.ResourceRequest(100, 32, null, null), null, null, null, null, null));
      }
      await("all cameras running").atMost(Duration.ofSeconds(90)).until(() -> client.streams().stream()
          .allMatch(s -> s.status().state() == AssignmentState.RUNNING && s.status().frames() != null));

      Map<String, long[]> start = counters(client.streams());
      long t0 = System.nanoTime();
      // counters() below: frames processed and dropped per instance, for the failed-frame share
      List<Double> p99s = new ArrayList<>();
      List<Double> totalFps = new ArrayList<>();
      await("a window of " + WINDOW.toSeconds() + " s").atMost(WINDOW.multipliedBy(2)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            List<StreamView> now = client.streams();
            now.forEach(s -> p99s.add(s.status().frames().latencyMsP99()));
            totalFps.add(now.stream().mapToDouble(s -> s.status().fps()).sum());
            return System.nanoTime() - t0 >= WINDOW.toNanos();
          });
      List<StreamView> end = client.streams();
      long processed = 0;
      long dropped = 0;
      for (Map.Entry<String, long[]> e : counters(end).entrySet()) {
        long[] before = start.getOrDefault(e.getKey(), new long[2]);
        processed += e.getValue()[0] - before[0];
        dropped += e.getValue()[1] - before[1];
      }
      Map<String, Long> perNode = new TreeMap<>();
      end.forEach(s -> perNode.merge(s.status().node(), 1L, Long::sum));
      double p99 = p99s.stream().mapToDouble(Double::doubleValue).sorted().skip((long) Math.ceil(p99s.size() * 0.99) - 1)
          .findFirst().orElse(0);

      // The rate each agent measures (frames over the last 2 s); the counters are read from
      // heartbeats up to a second old, too coarse for a rate over a short window.
      double fps = totalFps.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      System.out.printf("100 cameras: %.0f fps processed, %.3f%% dropped, p99 %.1f ms (n=%d), per node %s%n", fps,
          100.0 * dropped / (processed + dropped), p99, p99s.size(), perNode);
      assertThat(fps).as("processed fps, mean of %d samples (%d cameras at %d fps)", totalFps.size(), CAMERAS, FPS).isGreaterThan(2900);
      assertThat(processed).as("frames processed in the window").isPositive();
      assertThat(100.0 * dropped / (processed + dropped)).as("failed (dropped) frames, percent").isLessThan(0.1);
      assertThat(p99).as("p99 frame latency, ms (p99 of %d per-stream p99 samples)", p99s.size()).isLessThan(200);
      assertThat(perNode).hasSize(3);
      assertThat(spread(perNode)).as("cameras per node %s: std-dev over mean", perNode).isLessThan(0.1);
    }
  }

  private AgentProcess agent(ServerProcess server, String id) {
    return new AgentProcess(tmp, id, server, "--cpu-millis", "40000", "--memory-mb", "16384").start();
  }

  /** stream@epoch -> {processed, dropped}: an instance's counters start at 0. */
  private static Map<String, long[]> counters(List<StreamView> streams) {
    Map<String, long[]> out = new HashMap<>();
    streams.forEach(s -> out.put(s.id() + "@" + s.status().epoch(),
        new long[] {s.status().frames().processed(), s.status().frames().dropped()}));
    return out;
  }

  private static double spread(Map<String, Long> counts) {
    double mean = counts.values().stream().mapToLong(Long::longValue).average().orElse(0);
    double var = counts.values().stream().mapToDouble(n -> (n - mean) * (n - mean)).average().orElse(0);
    return Math.sqrt(var) / mean;
  }
}
