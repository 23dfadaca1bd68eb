package io.streamfleet.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code streamfleet agent} in its own JVM, logging to a file. It joins its server with a
 * join token of its own (plaintext only against a development-mode server) and runs exec
 * processors ({@code --allow-exec}) unless built with {@link #withoutExec}.
 */
final class AgentProcess implements AutoCloseable {
  final String nodeId;
  final Path log;
  private final List<String> args;
  private final List<String> prefix;
  private Process process;

  AgentProcess(Path dir, String nodeId, ServerProcess server, String... extra) {
    this(dir, nodeId, List.of(), server, "127.0.0.1:" + server.rpcPort, extra);
  }

  /** An agent that runs no exec processor (started without --allow-exec). */
  static AgentProcess withoutExec(Path dir, String nodeId, ServerProcess server, String... extra) {
    List<String> args = new ArrayList<>(List.of(extra));
    args.add(NO_EXEC);
    return new AgentProcess(dir, nodeId, server, args.toArray(String[]::new));
  }

  private static final String NO_EXEC = "--test-harness-no-exec";

  /**
   * An agent started through {@code prefix} (e.g. {@code ip netns exec NS}) that reaches
   * {@code server} at {@code serverAddress}.
   */
  AgentProcess(Path dir, String nodeId, List<String> prefix, ServerProcess server, String serverAddress, String... extra) {
    this.nodeId = nodeId;
    this.log = dir.resolve(nodeId + "-agent.log");
    this.prefix = List.copyOf(prefix);
    List<String> a = new ArrayList<>(List.of("agent", "--servers", serverAddress, "--node-id", nodeId));
    List<String> given = new ArrayList<>(List.of(extra));
    if (!given.remove(NO_EXEC) && !given.contains("--allow-exec-program")) {
      a.add("--allow-exec");
    }
    if (server.insecure()) {
      a.add("--insecure");
    } else if (!given.contains("--join-token")) {
      a.addAll(List.of("--join-token", server.joinToken(nodeId)));
    }
    extra = given.toArray(String[]::new);
    if (!List.of(extra).contains("--data-dir")) {
      // one data directory per agent, as on real machines: never the module directory, never shared
      a.addAll(List.of("--data-dir", dir.resolve(nodeId + "-data").toString()));
    }
    a.addAll(List.of(extra));
    this.args = a;
  }

  AgentProcess start() {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(ServerProcess.javaCommand());
    cmd.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  long pid() {
    return process.pid();
  }

  /** Whether the agent's JVM was started and has not exited (or been killed). */
  boolean alive() {
    return process != null && process.isAlive();
  }

  void kill() {
    ChildProcesses.kill(process);
  }

  /** SIGSTOP: the process freezes with its connections open (a silent node). */
  void pause() {
    ChildProcesses.signal(process, "STOP");
  }

  /** SIGCONT. */
  void resume() {
    ChildProcesses.signal(process, "CONT");
  }

  String logText() {
    return ChildProcesses.logText(log);
  }

  @Override
  public void close() {
    ChildProcesses.kill(process);
  }
}
