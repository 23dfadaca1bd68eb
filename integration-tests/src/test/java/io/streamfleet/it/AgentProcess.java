package io.streamfleet.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real {@code streamfleet agent} in its own JVM, logging to a file. */
final class AgentProcess implements AutoCloseable {
  final String nodeId;
  final Path log;
  private final List<String> args;
  private Process process;

  AgentProcess(Path dir, String nodeId, int serverRpcPort, String... extra) {
    this.nodeId = nodeId;
    this.log = dir.resolve(nodeId + "-agent.log");
    List<String> a = new ArrayList<>(List.of("agent", "--servers", "127.0.0.1:" + serverRpcPort, "--node-id", nodeId));
    a.addAll(List.of(extra));
    this.args = a;
  }

  AgentProcess start() {
    List<String> cmd = new ArrayList<>(ServerProcess.javaCommand());
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

  void kill() {
    ChildProcesses.kill(process);
  }

  String logText() {
    return ChildProcesses.logText(log);
  }

  @Override
  public void close() {
    ChildProcesses.kill(process);
  }
}
