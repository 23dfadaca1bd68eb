package io.streamfleet.it;

import static org.awaitility.Awaitility.await;

import io.streamfleet.client.ClientCredentials;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.api.TokenRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code streamfleet server} in its own JVM, on free loopback ports, with its output in a
 * log file. {@link #kill()} is {@code kill -9}; {@link #stop()} is SIGTERM.
 */
final class ServerProcess implements AutoCloseable {
  final Path dataDir;
  final Path log;
  final String id;
  final int httpPort;
  final int rpcPort;
  final int raftPort;
  private final List<String> extraArgs;
  private Process process;

  ServerProcess(Path dataDir, String... extraArgs) {
    this(dataDir, "s1", freePort(), extraArgs);
  }

  /** One member of a multi-server cluster: its id and Raft port must match its --peers entry. */
  ServerProcess(Path dataDir, String id, int raftPort, String... extraArgs) {
    this.dataDir = dataDir;
    this.log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
    this.id = id;
    this.httpPort = freePort();
    this.rpcPort = freePort();
    this.raftPort = raftPort;
    this.extraArgs = List.of(extraArgs);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether this server runs in the development mode (plaintext, no tokens): only with --insecure. */
  boolean insecure() {
    return extraArgs.contains("--insecure");
  }

  private volatile String sharedAdminToken;

  /** In a cluster of several servers only one writes the bootstrap token: the others use it too. */
  void useAdminToken(String token) {
    sharedAdminToken = token;
  }

  /** Waits until one of {@code servers} wrote the cluster's bootstrap admin token; every one then uses it. */
  static void shareAdminToken(List<ServerProcess> servers) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> servers.stream().anyMatch(s -> java.nio.file.Files.exists(s.dataDir.resolve("admin-token"))));
    String token = servers.stream().filter(s -> java.nio.file.Files.exists(s.dataDir.resolve("admin-token"))).findFirst().orElseThrow().adminToken();
    servers.forEach(s -> s.useAdminToken(token));
  }

  /** The bootstrap admin token the server wrote on first start (waits for it). */
  String adminToken() {
    if (sharedAdminToken != null) {
      return sharedAdminToken;
    }
    Path file = dataDir.resolve("admin-token");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> java.nio.file.Files.exists(file));
    try {
      return java.nio.file.Files.readString(file).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Path caCert() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  /** A client with this server's admin token. */
  StreamfleetClient client() {
    return client(insecure() ? null : adminToken());
  }

  /**
   * A client presenting {@code token} (null: none), trusting this server's CA. One per token, kept:
   * tests poll in loops, and a new client would open a new connection with a full TLS handshake
   * (and its own threads) every time.
   */
  StreamfleetClient client(String token) {
    return clients.computeIfAbsent(token == null ? "" : token, t -> {
      try {
        return new StreamfleetClient(uri(), new ClientCredentials(token, insecure() ? null : ClientCredentials.trusting(caCert())));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private final java.util.concurrent.ConcurrentHashMap<String, StreamfleetClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

  /** A join token for one agent (null for a development-mode server, whose agents need none). */
  String joinToken(String nodeId) {
    if (insecure()) {
      return null;
    }
    return client().createToken(new TokenRequest("agent", 600L, 1, nodeId, "test agent " + nodeId)).secret();
  }

  /** The CLI's connection flags for this server. */
  List<String> cliFlags() {
    List<String> flags = new ArrayList<>(List.of("--server", uri().toString()));
    if (!insecure()) {
      flags.addAll(List.of("--token", adminToken(), "--ca-cert", caCert().toString()));
    }
    return flags;
  }

  /** Starts the JVM and waits until the API answers healthy. */
  ServerProcess start() {
    launch();
    return awaitHealthy();
  }

  /** Starts the JVM without waiting (the members of a new cluster must start together). */
  ServerProcess launchOnly() {
    launch();
    return this;
  }

  ServerProcess awaitHealthy() {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("server exited with " + process.exitValue() + ":\n" + logText());
      }
      if (!insecure() && !java.nio.file.Files.exists(caCert())) {
        return false;
      }
      try {
        return "ok".equals(client(null).health().status());
      } catch (RuntimeException e) {
        return false;
      }
    });
    return this;
  }

  /** Starts the JVM and waits for it to exit by itself; returns the exit code. */
  int runToExit(Duration timeout) throws InterruptedException {
    launch();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("server did not exit within " + timeout + ":\n" + logText());
    }
    return process.exitValue();
  }

  private void launch() {
    clients.clear(); // a restarted server: no connection of the old process is any good
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(List.of("server", "--id", id, "--data-dir", dataDir.toString()));
    if (!extraArgs.contains("--host")) {
      cmd.addAll(List.of("--host", "127.0.0.1"));
    }
    cmd.addAll(List.of("--http-port", Integer.toString(httpPort), "--rpc-port", Integer.toString(rpcPort),
        "--raft-port", Integer.toString(raftPort)));
    cmd.addAll(extraArgs);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code java -cp <this test classpath> io.streamfleet.cli.Main} */
  static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow"); // as bin/streamfleet does
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.streamfleet.cli.Main"));
    return cmd;
  }

  /** One sample of the server's /metrics, or -1 when absent. */
  static double metric(StreamfleetClient client, String series) {
    for (String line : client.raw("GET", "/metrics", null).body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return -1;
  }

  URI uri() {
    return URI.create((insecure() ? "http" : "https") + "://127.0.0.1:" + httpPort);
  }

  void kill() {
    ChildProcesses.kill(process);
    clients.clear();
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new AssertionError("server did not stop within 20 s of SIGTERM");
    }
  }

  String logText() {
    return ChildProcesses.logText(log);
  }

  @Override
  public void close() {
    ChildProcesses.kill(process);
  }
}
