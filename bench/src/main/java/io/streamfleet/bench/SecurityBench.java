package io.streamfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What security costs, each figure beside its plaintext baseline from the same run
 * (docs/benchmarks.md):
 *
 * <ol>
 *   <li>REST write latency: N sequential {@code POST /streams} over HTTPS with a bearer token
 *       against the same over plain HTTP to a {@code --insecure} server;
 *   <li>server CPU for A agents' heartbeats (simulated sessions, mutual TLS against plaintext),
 *       measured from /proc over a window once all are registered;
 *   <li>reconnection after a leader change: R agents on a 3-server cluster, the leader killed
 *       ({@code kill -9}); time until every agent has registered with the new leader, with
 *       certificates (mutual TLS) against plaintext.
 * </ol>
 *
 * Usage: SecurityBench JAR [N=1000] [A=100] [WINDOW_S=20] [R=1000]
 */
public final class SecurityBench {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int agents = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int windowS = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int reconnecting = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    Path work = Files.createTempDirectory("streamfleet-security-bench");
    System.out.printf("machine: %d cores, Java %s; N=%d writes, A=%d agents over %d s, R=%d reconnecting agents%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), n, agents, windowS, reconnecting);

    for (boolean tls : n == 0 ? new boolean[0] : new boolean[] {false, true}) {
      String mode = tls ? "TLS + token" : "plaintext (--insecure)";
      try (BenchServer s = new BenchServer(jar, work.resolve("latency-" + tls), tls ? new String[0] : new String[] {"--insecure"})) {
        s.start();
        System.out.println("POST /streams, " + mode + ": " + s.streamWriteLatencies(n));
      }
    }

    for (boolean tls : agents == 0 ? new boolean[0] : new boolean[] {false, true}) {
      String mode = tls ? "mutual TLS" : "plaintext";
      try (BenchServer s = new BenchServer(jar, work.resolve("heartbeats-" + tls), tls ? new String[0] : new String[] {"--insecure"})) {
        s.start();
        try (AgentFleet fleet = AgentFleet.start(agents, List.of("127.0.0.1:" + s.rpcPort()), tls ? s.joinToken(agents) : null)) {
          waitFor(() -> fleet.registered() == agents, 120_000, "all agents registered");
          Thread.sleep(3_000); // settle: the first desired sets and placements are done
          long cpu0 = ProcStat.cpuNanos(s.pid());
          long t0 = System.nanoTime();
          Thread.sleep(windowS * 1000L);
          double cpuPercent = 100.0 * (ProcStat.cpuNanos(s.pid()) - cpu0) / (System.nanoTime() - t0);
          System.out.printf("server CPU for %d agents' heartbeats (every 250 ms), %s: %.2f %% of one core (%d s window)%n", agents, mode,
              cpuPercent, windowS);
        }
      }
    }

    for (boolean tls : new boolean[] {false, true}) {
      String mode = tls ? "mutual TLS, node certificates" : "plaintext";
      List<BenchServer> servers = cluster(jar, work.resolve("cluster-" + tls), tls);
      try {
        BenchServer any = servers.getFirst();
        List<String> rpc = servers.stream().map(x -> "127.0.0.1:" + x.rpcPort()).toList();
        try (AgentFleet fleet = AgentFleet.start(reconnecting, rpc, tls ? any.joinToken(reconnecting) : null)) {
          waitFor(() -> fleet.registered() == reconnecting, 300_000, "all agents registered");
          Thread.sleep(3_000);
          String leaderId = any.client().health().leader();
          BenchServer leader = servers.stream().filter(x -> x.id().equals(leaderId)).findFirst().orElseThrow();
          long t0 = System.nanoTime();
          leader.kill();
          waitFor(() -> fleet.registeredSince(t0).length == reconnecting, 300_000, "all agents registered with the new leader");
          long[] times = fleet.registeredSince(t0);
          Stats st = Stats.ofNanos(times);
          System.out.printf("%d agents re-registered after the leader was killed, %s: all within %.0f ms; per agent %s%n", reconnecting, mode,
              st.max(), st);
        }
      } finally {
        for (BenchServer x : servers) {
          x.close();
        }
      }
    }
  }

  /** Three servers on loopback; TLS ones share a CA made with `streamfleet ca create`. */
  private static List<BenchServer> cluster(Path jar, Path dir, boolean tls) throws Exception {
    int[] raft = {BenchServer.freePort(), BenchServer.freePort(), BenchServer.freePort()};
    String peers = "s1=127.0.0.1:" + raft[0] + ",s2=127.0.0.1:" + raft[1] + ",s3=127.0.0.1:" + raft[2];
    Files.createDirectories(dir);
    List<String> common = new ArrayList<>(List.of("--peers", peers, "--heartbeat-interval-ms", "1000", "--suspect-after-ms", "3000",
        "--down-after-ms", "5000", "--rebalance-max-moves", "0"));
    if (tls) {
      Path ca = dir.resolve("ca");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "ca", "create",
          "--out", ca.toString()).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("ca create failed");
      }
      common.addAll(List.of("--tls-ca-dir", ca.toString()));
    } else {
      common.add("--insecure");
    }
    List<BenchServer> servers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      servers.add(new BenchServer(jar, dir.resolve("s" + (i + 1)), "s" + (i + 1), raft[i], common.toArray(String[]::new)));
    }
    List<Thread> starting = servers.stream().map(s -> Thread.ofPlatform().start(() -> {
      try {
        s.start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    })).toList();
    for (Thread t : starting) {
      t.join();
    }
    if (tls) {
      String token = null;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (token == null && System.nanoTime() < deadline) {
        for (BenchServer s : servers) {
          token = token != null ? token : s.adminTokenFile();
        }
        Thread.sleep(20);
      }
      String admin = token;
      servers.forEach(s -> s.useAdminToken(admin));
    }
    return servers;
  }

  private static void waitFor(java.util.function.BooleanSupplier done, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
