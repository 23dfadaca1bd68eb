package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server process started from the runnable jar, as a user would run it. */
final class BenchServer implements AutoCloseable {
  private final Path jar;
  private final Path dataDir;
  private final List<String> extra;
  private final int httpPort = freePort();
  private final int rpcPort = freePort();
  private final int raftPort = freePort();
  private Process process;

  BenchServer(Path jar, Path dataDir, String... extra) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.extra = List.of(extra);
  }

  /** Starts the process; returns nanoseconds from launch until /health answers ok. */
  long start() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "server", "--host", "127.0.0.1",
        "--data-dir", dataDir.toString(), "--http-port", Integer.toString(httpPort), "--rpc-port", Integer.toString(rpcPort),
        "--raft-port", Integer.toString(raftPort)));
    cmd.addAll(extra);
    long t0 = System.nanoTime();
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()).start();
    StreamfleetClient c = client();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + dataDir + ".log");
      }
      try {
        if ("ok".equals(c.health().status())) {
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

  StreamfleetClient client() {
    return new StreamfleetClient(URI.create("http://127.0.0.1:" + httpPort));
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
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
