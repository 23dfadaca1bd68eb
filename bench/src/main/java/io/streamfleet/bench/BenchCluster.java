package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.StreamRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server and N agent processes started from the runnable jar, as a user runs them, with
 * helpers to kill, stop and restart agents and to read their logs.
 */
final class BenchCluster implements AutoCloseable {
  private final Path jar;
  private final Path work;
  private final BenchServer server;
  private final Map<String, Process> agents = new LinkedHashMap<>();

  BenchCluster(Path jar, Path work, String... serverArgs) {
    this.jar = jar;
    this.work = work;
    this.server = new BenchServer(jar, work.resolve("server"), serverArgs);
  }

  BenchCluster start(int agentCount) throws Exception {
    server.start();
    for (int i = 1; i <= agentCount; i++) {
      startAgent("node-" + i);
    }
    waitUntil(() -> readyNodes() == agentCount, 60_000, "agents registered");
    return this;
  }

  void startAgent(String nodeId) throws IOException {
    startAgent(nodeId, "--cpu-millis", "16000", "--memory-mb", "16384");
  }

  /** An agent with {@code args} (capacity, labels) after its id. */
  void startAgent(String nodeId, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-jar", jar.toString(), "agent", "--servers", "127.0.0.1:" + server.rpcPort(),
        "--node-id", nodeId, "--data-dir", work.resolve(nodeId + "-data").toString(), "--allow-exec"));
    if (server.insecure()) {
      cmd.add("--insecure");
    } else if (!java.nio.file.Files.exists(work.resolve(nodeId + "-data").resolve("tls").resolve("node.crt"))) {
      cmd.addAll(List.of("--join-token", server.joinToken(1)));
    }
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog(nodeId).toFile())).start();
    agents.put(nodeId, p);
  }

  /** On a failure: a thread dump of the server, to see what it was doing. */
  void dumpServerThreads() {
    try {
      System.err.println("server thread dump: " + server.threadDump());
    } catch (Exception e) {
      System.err.println("no thread dump: " + e);
    }
  }

  Path agentLog(String nodeId) {
    return work.resolve(nodeId + "-agent.log");
  }

  Path serverLog() {
    return work.resolve("server.log");
  }

  StreamfleetClient client() {
    return server.client();
  }

  void createStreams(int count, int cpuMillis) {
    for (int i = 1; i <= count; i++) {
      String id = "cam-" + i;
      client().createStream(new StreamRequest(id, "synthetic://" + id + "?fps=10&width=160&height=90", "motion", null,
          new StreamRequest.ResourceRequest(cpuMillis, 32, null, null), null, null, null, null, null));
    }
  }

  long readyNodes() {
    return client().nodes().stream().filter(n -> n.state() == NodeState.READY).count();
  }

  boolean allRunning() {
    return client().streams().stream().allMatch(s -> s.status().state() == AssignmentState.RUNNING);
  }

  void kill(String nodeId) throws InterruptedException {
    Process p = agents.get(nodeId);
    p.destroyForcibly();
    p.waitFor(20, TimeUnit.SECONDS);
  }

  void signal(String nodeId, String signal) throws Exception {
    Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(agents.get(nodeId).pid())).inheritIO().start();
    k.waitFor();
  }

  long pid(String nodeId) {
    return agents.get(nodeId).pid();
  }

  long serverPid() {
    return server.pid();
  }

  /** The agents started so far that still run, by node id. */
  List<String> liveAgents() {
    return agents.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey).toList();
  }

  /** The time of the first line of {@code log} after {@code notBefore} that contains {@code text}, or null. */
  static LocalTime loggedAt(Path log, String text, LocalTime notBefore) throws IOException {
    Matcher m = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*" + Pattern.quote(text)).matcher(Files.readString(log));
    while (m.find()) {
      LocalTime t = LocalTime.parse(m.group(1));
      if (!t.isBefore(notBefore)) {
        return t;
      }
    }
    return null;
  }

  private static boolean holds(Condition c) throws Exception {
    try {
      return c.holds();
    } catch (io.streamfleet.client.ApiCallException e) {
      if (e.status() != 0) {
        throw e;
      }
      System.err.println("  (a request failed, polling on: " + e.getMessage() + ")");
      return false;
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code c} until it holds. A call that fails to reach the server counts as "not yet"
   * (logged): one lost HTTP request must not throw away a long benchmark run.
   */
  static void waitUntil(Condition c, long timeoutMs, String what) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!holds(c)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutMs + " ms waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : agents.values()) {
      if (p.isAlive()) {
        new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        p.destroyForcibly();
        p.waitFor(20, TimeUnit.SECONDS);
      }
    }
    server.close();
  }
}
