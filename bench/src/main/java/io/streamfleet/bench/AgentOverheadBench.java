package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Agent overhead: CPU (percent of one core) and RSS of an agent process idle (the baseline) and
 * running N builtin motion streams on synthetic 640x360 cameras at 10 fps, each measured over a
 * window after the streams run. Usage: AgentOverheadBench JAR [N=30] [WINDOW_S=20]
 */
public final class AgentOverheadBench {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int windowS = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path work = Files.createTempDirectory("streamfleet-agent-bench");
    try (BenchServer server = new BenchServer(jar, work.resolve("server"))) {
      server.start();
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "agent", "--servers", "127.0.0.1:" + server.rpcPort(),
          "--node-id", "bench-node", "--cpu-millis", "64000", "--memory-mb", "16384", "--data-dir", work.resolve("agent-data").toString(),
          "--join-token", server.joinToken(1)));
      Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile()).start();
      try {
        StreamfleetClient c = server.client();
        while (c.nodes().isEmpty()) {
          Thread.sleep(50);
        }
        Thread.sleep(5_000); // let the JVM settle after start-up
        double[] idle = measure(agent.pid(), windowS);
        for (int i = 0; i < n; i++) {
          c.createStream(new StreamRequest("cam-" + i, "synthetic://cam-" + i + "?fps=10&width=640&height=360", "motion",
              null, null, null, null, null, null, null));
        }
        while (c.streams().stream().filter(s -> s.status().state() == AssignmentState.RUNNING).count() < n) {
          Thread.sleep(100);
        }
        Thread.sleep(5_000);
        double[] busy = measure(agent.pid(), windowS);
        double fps = c.streams().stream().mapToDouble(s -> s.status().fps() == null ? 0 : s.status().fps()).sum();
        System.out.printf("machine: %d cores, Java %s; window %d s%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), windowS);
        System.out.printf("agent idle (0 streams):          cpu %.1f%% of one core, rss %.0f MiB%n", idle[0], idle[1]);
        System.out.printf("agent with %d motion streams:    cpu %.1f%% of one core, rss %.0f MiB; %.0f frames/s processed in total%n",
            n, busy[0], busy[1], fps);
        System.out.printf("per stream: %.2f%% of one core, %.1f MiB; CPU per 1000 frames/s: %.1f%% of one core%n",
            (busy[0] - idle[0]) / n, (busy[1] - idle[1]) / n, (busy[0] - idle[0]) / fps * 1000);
      } finally {
        agent.destroyForcibly();
        agent.waitFor();
      }
    }
  }

  /** {cpu percent of one core, rss MiB at the end} over {@code seconds}. */
  private static double[] measure(long pid, int seconds) throws Exception {
    long cpu0 = ProcStat.cpuNanos(pid);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long cpu1 = ProcStat.cpuNanos(pid);
    long t1 = System.nanoTime();
    return new double[] {100.0 * (cpu1 - cpu0) / (t1 - t0), ProcStat.rssMb(pid)};
  }
}
