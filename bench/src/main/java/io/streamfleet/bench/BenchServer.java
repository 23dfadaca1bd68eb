package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process started from the runnable jar, as a user would run it: secure (TLS, tokens)
 * unless {@code --insecure} is among its arguments.
 */
final class BenchServer implements AutoCloseable {
  private final Path jar;
  private final Path dataDir;
  private final List<String> extra;
  private final String id;
  private final int httpPort = freePort();
  private final int rpcPort = freePort();
  private final int raftPort;
  private Process process;
  private volatile String adminToken;

  BenchServer(Path jar, Path dataDir, String... extra) {
    this(jar, dataDir, "s1", freePort(), extra);
  }

  /** One member of a cluster: its id and Raft port must match its --peers entry. */
  BenchServer(Path jar, Path dataDir, String id, int raftPort, String... extra) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.id = id;
    this.raftPort = raftPort;
    this.extra = List.of(extra);
  }

  boolean insecure() {
    return extra.contains("--insecure");
  }

  String id() {
    return id;
  }

  /** In a cluster only one server writes the bootstrap admin token; the others are given it. */
  void useAdminToken(String token) {
    adminToken = token;
  }

  /** The bootstrap admin token in this server's data directory, or null while there is none. */
  String adminTokenFile() throws IOException {
    Path f = dataDir.resolve("admin-token");
    return java.nio.file.Files.exists(f) ? java.nio.file.Files.readString(f).trim() : null;
  }

  Path caCert() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  /** A join token for {@code uses} agents. */
  String joinToken(int uses) {
    return client().createToken(new io.streamfleet.model.api.TokenRequest("agent", 3600L, uses, null, "benchmark")).secret();
  }

  /**
   * REST write latency: 200 warm-up writes, then {@code n} sequential {@code POST /api/v1/streams}
   * (each answered after its Raft commit), timed at the client.
   */
  Stats streamWriteLatencies(int n) {
    StreamfleetClient c = client();
    for (int i = 0; i < 200; i++) {
      c.createStream(benchStream("warm-" + i));
    }
    long[] writes = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      c.createStream(benchStream("cam-" + i));
      writes[i] = System.nanoTime() - t;
    }
    return Stats.ofNanos(writes);
  }

  private static io.streamfleet.model.StreamRequest benchStream(String id) {
    return new io.streamfleet.model.StreamRequest(id, "synthetic://" + id, "motion", null, null, null, null, null, null, null);
  }

  /** Starts the process; returns nanoseconds from launch until /health answers ok. */
  long start() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED"));
    // BENCH_SERVER_JVM_OPTS: extra JVM options for the server (a profiler, a heap size), space-separated.
    String opts = System.getenv("BENCH_SERVER_JVM_OPTS");
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar.toString(), "server", "--id", id, "--host", "127.0.0.1",
        "--data-dir", dataDir.toString(), "--http-port", Integer.toString(httpPort), "--rpc-port", Integer.toString(rpcPort),
        "--raft-port", Integer.toString(raftPort)));
    if (!insecure() && !extra.contains("--rate-limit-per-s")) {
      // benchmarks measure the server, not the per-token rate limit (docs/security.md)
      cmd.addAll(List.of("--rate-limit-per-s", "1000000", "--rate-limit-burst", "1000000"));
    }
    cmd.addAll(extra);
    long t0 = System.nanoTime();
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()).start();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + dataDir + ".log");
      }
      try {
        if ((insecure() || java.nio.file.Files.exists(caCert())) && "ok".equals(client(null).health().status())) {
          return System.nanoTime() - t0;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(5);
    }
  }

  /** Writes a thread dump of the server next to its log (for a benchmark that got stuck). */
  Path threadDump() throws Exception {
    Path out = dataDir.resolveSibling(dataDir.getFileName() + "-threads.txt");
    Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
    new ProcessBuilder(jstack.toString(), Long.toString(process.pid())).redirectErrorStream(true).redirectOutput(out.toFile())
        .start().waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  int rpcPort() {
    return rpcPort;
  }

  /** A client with the admin token (waits for the bootstrap token on a new secure server). */
  StreamfleetClient client() {
    if (insecure()) {
      return client(null);
    }
    try {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (adminToken == null && (adminToken = adminTokenFile()) == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no bootstrap admin token in " + dataDir + " after 30 s");
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return client(adminToken);
  }

  StreamfleetClient client(String token) {
    try {
      return new StreamfleetClient(URI.create((insecure() ? "http" : "https") + "://127.0.0.1:" + httpPort),
          new io.streamfleet.client.ClientCredentials(token, insecure() ? null : io.streamfleet.client.ClientCredentials.trusting(caCert())));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** Stops the process gracefully (SIGTERM: a profiler given in BENCH_SERVER_JVM_OPTS writes its file), then kills what is left. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
