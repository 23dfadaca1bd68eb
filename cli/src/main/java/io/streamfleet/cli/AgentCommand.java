package io.streamfleet.cli;

import io.streamfleet.agent.Agent;
import io.streamfleet.agent.AgentSecurity;
import io.streamfleet.agent.events.EventSettings;
import io.streamfleet.agent.events.OutboxLimits;
import io.streamfleet.model.ExecPolicy;
import io.streamfleet.protocol.mqtt.MqttSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamfleet agent}: runs this machine's node agent until SIGINT/SIGTERM. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the node agent: registers this machine and runs the processors assigned to it.")
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--servers", required = true, paramLabel = "host:rpcPort[,...]",
      description = "Agent RPC addresses of the servers (any of them; the agent finds the leader).")
  String servers;

  @Option(names = "--node-id", required = true, description = "This node's id.")
  String nodeId;

  @Option(names = "--zone", description = "The zone this node is in (network segment, site).")
  String zone;

  @Option(names = "--labels", split = ",", paramLabel = "k=v", description = "Labels, comma-separated.")
  Map<String, String> labels;

  @Option(names = "--data-dir", description = "Where exec processors write ({data.dir} is DIR/STREAM) and the agent keeps its records (default: ./${DEFAULT-VALUE}).")
  Path dataDir = Path.of("streamfleet-agent-data");

  @Option(names = "--cpu-millis", description = "Capacity override: CPU to offer, in millicores (default: detected threads x 1000, less 250 reserved).")
  Integer cpuMillis;

  @Option(names = "--memory-mb", description = "Capacity override: memory to offer, in MiB (default: detected, less 256 reserved).")
  Integer memoryMb;

  @Option(names = "--join-token", paramLabel = "TOKEN",
      description = "Join the cluster with this token (from `streamfleet token create --role agent`) when --data-dir holds no node certificate yet. Also read from $STREAMFLEET_JOIN_TOKEN.")
  String joinToken;

  @Option(names = "--insecure", description = "Plaintext, no certificate: only for servers on loopback (what `streamfleet dev` uses).")
  boolean insecure;

  @Option(names = "--allow-exec", description = "Run exec processors (any program a processor spec names). Off by default: exec runs commands as this agent's user.")
  boolean allowExec;

  @Option(names = "--allow-exec-program", paramLabel = "PATH", split = ",",
      description = "Run exec processors only for these programs (exact paths, as the spec's command names them); implies --allow-exec for them.")
  List<String> allowExecPrograms;

  @Option(names = "--mqtt", paramLabel = "URL",
      description = "Also publish processor events and this node's status to this MQTT broker: "
          + "tcp://[user[:password]@]host[:port][?prefix=P&ca=PATH&cert=PATH&key=PATH] (also mqtt://, ssl://, mqtts://).")
  String mqtt;

  @Option(names = "--mqtt-events", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "With --mqtt: publish processor events there too (default). --no-mqtt-events publishes only the node's status,"
          + " for when the servers publish the event log to the same broker.")
  boolean mqttEvents = true;

  @Option(names = "--outbox-max-mb", paramLabel = "N",
      description = "Keep at most this many MiB of events for sinks that are behind (default: 256); beyond it the oldest are dropped.")
  Integer outboxMaxMb;

  @Option(names = "--outbox-max-age-h", paramLabel = "N",
      description = "Keep events for sinks that are behind at most this many hours (default: 168).")
  Integer outboxMaxAgeHours;

  @Option(names = "--exit-with-parent", hidden = true,
      description = "Exit when the parent process exits (used by `streamfleet dev` so no agent outlives it).")
  boolean exitWithParent;

  @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
      description = "Serve Prometheus metrics at http://HOST:PORT/metrics (plain HTTP, no authentication: use loopback or a"
          + " management network). Off unless given.")
  String metricsListen;

  @picocli.CommandLine.Mixin TracingOption tracing = new TracingOption();

  @Option(names = "--log-format", description = "Log format: text (default) or json.")
  String logFormat;

  @Option(names = "--log-level", description = "Log level: error, warn, info (default), debug.")
  String logLevel;

  /** HOST:PORT (HOST may be an IPv6 literal in brackets), or a clear error naming the flag. */
  static java.net.InetSocketAddress listenAddress(String value) {
    int colon = value.lastIndexOf(':');
    String host = colon <= 0 ? "" : value.substring(0, colon).replace("[", "").replace("]", "");
    int port = -1;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (host.isEmpty() || port < 0 || port > 65535) {
      throw new CliException("--metrics-listen must be HOST:PORT, e.g. 127.0.0.1:9464 (port 0 picks a free one), not '" + value + "'", 2);
    }
    return new java.net.InetSocketAddress(host, port);
  }

  @Override
  public Integer call() {
    List<String> serverList = Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    Agent agent;
    try {
      String token = joinToken != null ? joinToken : System.getenv("STREAMFLEET_JOIN_TOKEN");
      List<String> programs = allowExecPrograms == null ? List.of() : allowExecPrograms;
      ExecPolicy exec = new ExecPolicy(allowExec || !programs.isEmpty(), programs);
      EventSettings events = new EventSettings(OutboxLimits.of(outboxMaxMb, outboxMaxAgeHours),
          mqtt == null ? null : MqttSettings.parse(mqtt), mqttEvents); // both name the flag in their errors
      agent = Agent.start(nodeId, serverList, zone, labels == null ? Map.of() : labels, cpuMillis, memoryMb, dataDir,
          new AgentSecurity(insecure, token, exec), events, tracing.endpoint());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    } catch (java.io.IOException e) {
      throw new CliException("agent cannot start: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (metricsListen != null) {
      try {
        agent.serveMetrics(listenAddress(metricsListen));
      } catch (java.io.IOException e) {
        agent.close();
        throw new CliException("--metrics-listen " + metricsListen + ": cannot listen there: " + e.getMessage(), 2);
      }
    }
    if (exitWithParent) {
      ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "streamfleet-agent-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ServerCommand.KEEP_RUNNING;
  }
}
