package io.streamfleet.it;

import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
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
      try {
        return "ok".equals(client().health().status());
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

  StreamfleetClient client() {
    return new StreamfleetClient(uri());
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  void kill() {
    ChildProcesses.kill(process);
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
