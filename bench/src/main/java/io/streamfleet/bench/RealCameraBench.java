package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamView;
import io.streamfleet.testing.TestCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real decoded cameras per core (docs/benchmarks.md, "Cameras at scale"): N {@link TestCamera}s
 * (ffmpeg encoding a live test picture, H.264 in MPEG-TS over HTTP, on this machine) read by the
 * {@code motion} processor, whose ffmpeg decodes and scales them, first all on one agent, then
 * the same cameras on three. The CPU counted is each agent's process tree (its JVM and the ffmpeg
 * decoders it started), not the cameras' encoders: cameras per core = 100 % / that CPU per camera.
 *
 * <p>A test camera serves one client at a time, so rebalancing is off (a make-before-break move
 * needs two) and the cameras are placed anew for the second half: streams deleted, two agents
 * added, streams created again.
 *
 * <p>Usage: {@code RealCameraBench JAR [--cameras=3] [--width=1280] [--height=720] [--fps=29] [--window-s=30]}
 */
public final class RealCameraBench {
  static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("cameras", "3");
    d.put("width", "1280");
    d.put("height", "720");
    d.put("fps", "29");
    d.put("window-s", "30");
    return d;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Map<String, String> v = BenchArgs.parse(java.util.Arrays.copyOfRange(args, 1, args.length), DEFAULTS);
    int n = BenchArgs.num(v, "cameras");
    int width = BenchArgs.num(v, "width");
    int height = BenchArgs.num(v, "height");
    int fps = BenchArgs.num(v, "fps");
    int windowS = BenchArgs.num(v, "window-s");
    Path work = Files.createTempDirectory("streamfleet-real-cameras");
    System.out.printf("machine: %d cores, Java %s; %d cameras %dx%d at %d fps (H.264 MPEG-TS over HTTP), window %d s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), n, width, height, fps, windowS);
    List<TestCamera> cameras = new ArrayList<>();
    try (BenchCluster cluster = new BenchCluster(jar, work, "--rebalance-max-moves", "0")) {
      for (int i = 1; i <= n; i++) {
        cameras.add(TestCamera.start(work.resolve("camera-" + i), width, height, fps));
      }
      cluster.start(1);
      StreamfleetClient client = cluster.client();
      double one = measure("1 agent", cluster, client, cameras, windowS);
      cameras.forEach(c -> client.deleteStream(id(cameras.indexOf(c))));
      BenchCluster.waitUntil(() -> client.streams().isEmpty(), 60_000, "streams deleted");
      cluster.startAgent("node-2");
      cluster.startAgent("node-3");
      BenchCluster.waitUntil(() -> cluster.readyNodes() == 3, 60_000, "three agents");
      double three = measure("3 agents", cluster, client, cameras, windowS);
      System.out.printf("distribution: %+.1f%% CPU for the same cameras on 3 agents instead of 1%n", 100 * (three - one) / one);
    } finally {
      cameras.forEach(TestCamera::close);
    }
  }

  private static String id(int index) {
    return "real-" + (index + 1);
  }

  /** Creates a stream per camera, waits, measures the agents' process trees; returns their CPU, percent of one core. */
  private static double measure(String name, BenchCluster cluster, StreamfleetClient client, List<TestCamera> cameras, int windowS)
      throws Exception {
    for (int i = 0; i < cameras.size(); i++) {
      client.createStream(new StreamRequest(id(i), cameras.get(i).url(), "motion", null, new StreamRequest.ResourceRequest(100, 64, null, null),
          null, null, null, null, Map.of("width", "640", "height", "360")));
    }
    BenchCluster.waitUntil(() -> client.streams().stream().allMatch(s -> s.status().state() == AssignmentState.RUNNING
        && s.status().fps() != null && s.status().fps() > 0), 120_000, "all cameras running");
    Thread.sleep(10_000);
    List<Long> agents = cluster.liveAgents().stream().map(cluster::pid).toList();
    long cpu0 = treeCpu(agents);
    long t0 = System.nanoTime();
    Thread.sleep(windowS * 1000L);
    long cpu1 = treeCpu(agents);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = 100.0 * (cpu1 - cpu0) / 1e9 / seconds;
    List<StreamView> streams = client.streams();
    double fps = streams.stream().mapToDouble(s -> s.status().fps()).sum();
    long dropped = streams.stream().mapToLong(s -> s.status().frames().dropped()).sum();
    long processed = streams.stream().mapToLong(s -> s.status().frames().processed()).sum();
    double p99 = streams.stream().mapToDouble(s -> s.status().frames().latencyMsP99()).max().orElse(0);
    double perCamera = cpu / cameras.size();
    System.out.printf("%s: %.1f frames/s processed; agents' process trees (JVMs + ffmpeg decoders) %.1f%% of one core = %.1f%% per "
            + "camera = %.1f cameras per core; dropped %d of %d since start (%.2f%%), worst stream p99 latency %.1f ms%n",
        name, fps, cpu, perCamera, 100 / perCamera, dropped, processed + dropped, 100.0 * dropped / Math.max(1, processed + dropped), p99);
    return cpu;
  }

  /** utime + stime of each process and its live descendants, in nanoseconds. */
  private static long treeCpu(List<Long> pids) throws Exception {
    long total = 0;
    for (long pid : pids) {
      total += ProcStat.cpuNanos(pid);
      for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
        try {
          total += ProcStat.cpuNanos(child.pid());
        } catch (java.io.IOException gone) {
          // exited between listing and reading
        }
      }
    }
    return total;
  }
}
