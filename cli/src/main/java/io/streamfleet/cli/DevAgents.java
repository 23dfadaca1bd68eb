package io.streamfleet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agents of a dev cluster: each a child JVM running {@code streamfleet agent}, so that a
 * user can {@code kill -9} one and watch its streams move. Children exit with their parent
 * ({@code --exit-with-parent}), so none outlives the dev cluster even if it is killed.
 */
final class DevAgents implements AutoCloseable {
  record DevAgent(String nodeId, String zone, Process process, Path log) {}

  private final List<DevAgent> agents = new ArrayList<>();

  /**
   * @param mqttUrl the broker the agents publish their node status to (the server publishes their events)
   * @param otlpEndpoint where the agents send trace spans, or null
   */
  static DevAgents start(int count, int rpcPort, Path logDir, String mqttUrl, java.net.URI otlpEndpoint) throws IOException {
    Files.createDirectories(logDir);
    DevAgents all = new DevAgents();
    String[] zones = {"zone-a", "zone-b", "zone-c"};
    for (int i = 1; i <= count; i++) {
      String nodeId = "node-" + i;
      String zone = zones[(i - 1) % zones.length];
      Path log = logDir.resolve(nodeId + ".log");
      List<String> cmd = new ArrayList<>(javaCommand());
      cmd.addAll(List.of("agent", "--servers", "127.0.0.1:" + rpcPort, "--node-id", nodeId, "--zone", zone,
          "--cpu-millis", "4000", "--memory-mb", "4096", "--data-dir", logDir.resolve(nodeId).toString(), "--exit-with-parent",
          "--insecure", "--allow-exec", "--mqtt", mqttUrl, "--no-mqtt-events"));
      if (otlpEndpoint != null) {
        cmd.addAll(List.of("--otlp-endpoint", otlpEndpoint.toString()));
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      all.agents.add(new DevAgent(nodeId, zone, p, log));
    }
    return all;
  }

  /** The command that started this JVM's CLI, for starting another with the same JDK and jar. */
  private static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(sharedArchiveFlags(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    return cmd;
  }

  /**
   * Reuse the launcher's class-data-sharing archive, if it started us with one and it exists:
   * read only. This JVM writes it when it exits the first time; agents writing the same file as
   * well, all at once on the first Ctrl-C, made dev take over 10 s to stop.
   */
  static List<String> sharedArchiveFlags(List<String> launcherFlags) {
    List<String> out = new ArrayList<>();
    for (String a : launcherFlags) {
      if (a.startsWith("-XX:SharedArchiveFile=") && Files.isRegularFile(Path.of(a.substring(a.indexOf('=') + 1)))) {
        out.add(a);
      } else if (a.startsWith("-Xlog:cds")) {
        out.add(a);
      }
    }
    return out.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")) ? out : List.of();
  }

  List<DevAgent> agents() {
    return agents;
  }

  @Override
  public void close() {
    agents.forEach(a -> a.process().destroy());
    for (DevAgent a : agents) {
      try {
        if (!a.process().waitFor(10, TimeUnit.SECONDS)) {
          a.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        a.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
