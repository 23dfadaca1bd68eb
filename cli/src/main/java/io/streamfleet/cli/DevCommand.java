package io.streamfleet.cli;

import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.server.ServerConfig;
import io.streamfleet.server.ServerEvents;
import io.streamfleet.protocol.mqtt.MqttSettings;
import io.streamfleet.server.StartupException;
import io.streamfleet.server.StreamfleetServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import io.streamfleet.model.NodeState;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code streamfleet dev}: a local cluster for trying Streamfleet: one server in this process, N
 * agents as child processes (each its own node and zone), and N synthetic cameras processed by
 * {@code motion}.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a local cluster for trying Streamfleet: a server, agents and synthetic cameras. Ctrl-C stops it.")
final class DevCommand implements Callable<Integer> {
  @Option(names = "--agents", description = "Agents (nodes) to start, each a child process (default: ${DEFAULT-VALUE}).")
  int agentCount = 3;

  @Option(names = "--cameras", description = "Synthetic cameras to create (default: ${DEFAULT-VALUE}).")
  int cameras = 6;

  @Option(names = "--http-port", description = "API and dashboard port (default: ${DEFAULT-VALUE}).")
  int httpPort = 8080;

  @Option(names = "--data-dir", description = "Keep the cluster's data here across runs (default: a temporary directory removed on exit).")
  Path dataDir;

  @Option(names = "--mqtt", paramLabel = "URL",
      description = "Publish events to this MQTT broker instead of the embedded one (tcp://host:1883, ssl://host:8883).")
  String mqtt;

  @Option(names = "--log-format", description = "Log format: text (default) or json.")
  String logFormat;

  @picocli.CommandLine.Mixin TracingOption tracing = new TracingOption();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (agentCount < 0 || agentCount > 20) {
      throw new CliException("--agents " + agentCount + " is out of range; use 0 to 20", 2);
    }
    if (cameras < 0 || cameras > 1000) {
      throw new CliException("--cameras " + cameras + " is out of range; use 0 to 1000", 2);
    }
    MqttSettings external = mqtt == null ? null : parseMqtt(mqtt);
    java.net.URI otlpEndpoint = tracing.endpoint(); // refused before anything starts
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("streamfleet-dev") : dataDir;
    DevBroker broker = external != null ? null : DevBroker.start(portOr(1883), Files.createDirectories(dir.resolve("mqtt")));
    MqttSettings mqttSettings = external != null ? external : MqttSettings.parse(broker.url());
    ServerConfig config = ServerConfig.defaults()
        .withDataDir(dir.resolve("server"))
        .withPorts(httpPort, freePort(), freePort())
        .withBindHost("127.0.0.1")
        .withSecurity(io.streamfleet.server.ServerSecurity.insecureDev()) // plaintext, no tokens: loopback only
        .withEvents(new ServerEvents(mqttSettings))
        .withOtlpEndpoint(otlpEndpoint);
    // The agent JVMs start while the server does (they retry until it answers): start-up in parallel.
    DevAgents agents = DevAgents.start(agentCount, config.rpcPort(), dir.resolve("agents"), mqttUrl(external, broker),
        config.otlpEndpoint());
    StreamfleetServer server;
    try {
      server = StreamfleetServer.start(config, Clock.systemUTC());
    } catch (StartupException e) {
      agents.close();
      if (broker != null) {
        broker.close();
      }
      if (temporary) {
        deleteTree(dir);
      }
      throw new CliException("cannot start the dev cluster: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // The agents and the server stop side by side (each takes a second or two: processors, Raft,
      // MQTT goodbyes) while the embedded broker still takes their last messages. The broker is
      // not stopped: see DevBroker.close(); it ends with this process.
      Thread stopAgents = Thread.ofPlatform().start(agents::close);
      server.close();
      try {
        stopAgents.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (temporary) {
        deleteTree(dir);
      }
      stopped.countDown();
    }, "streamfleet-dev-shutdown"));

    String url = "http://127.0.0.1:" + server.httpPort();
    StreamfleetClient client = new StreamfleetClient(URI.create(url));
    // Cameras added before every agent is up would all land on the first node to register.
    awaitReadyNodes(client, agentCount, Duration.ofSeconds(60));
    int created = addCameras(client);
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println("Streamfleet dev cluster is up.");
    out.println("  dashboard  " + url + "/   (open it in a browser)");
    out.println("  API        " + url + "/api/v1/cluster");
    out.println("  metrics    " + url + "/metrics");
    out.println("  events     " + url + "/api/v1/events (Server-Sent Events)");
    out.println("  mqtt       " + mqttSettings.redacted() + (broker != null ? " (embedded broker)" : ""));
    out.println("  data       " + dir + (temporary ? " (removed on exit)" : ""));
    out.println("  cameras    " + cameras + " synthetic (" + created + " created now), processor motion");
    for (DevAgents.DevAgent a : agents.agents()) {
      out.println("  agent      " + a.nodeId() + " (" + a.zone() + ") pid " + a.process().pid() + ", log " + a.log());
    }
    out.println();
    out.println("Try, in another terminal:");
    out.println("  export STREAMFLEET_ADDR=" + url);
    out.println("  bin/streamfleet node ls");
    out.println("  bin/streamfleet stream ls");
    out.println("  bin/streamfleet stream add lobby --url 'synthetic://lobby?fps=15&width=1280&height=720'");
    out.println("  bin/streamfleet processor ls");
    out.println("  bin/streamfleet cluster status");
    out.println("  bin/streamfleet events --follow");
    out.println("  mosquitto_sub -h " + mqttSettings.host() + " -p " + mqttSettings.port() + " -t '" + mqttSettings.topicPrefix()
        + "/#' -v   # the same events over MQTT (Debian package mosquitto-clients)");
    if (!agents.agents().isEmpty()) {
      out.println("  kill -9 " + agents.agents().getFirst().process().pid() + "   # a node dies: its streams move to the others (watch the dashboard)");
    }
    out.println("Ctrl-C stops everything.");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ServerCommand.KEEP_RUNNING;
  }

  private void awaitReadyNodes(StreamfleetClient client, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() >= count) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    spec.commandLine().getErr().println("warning: not every agent registered within " + timeout.toSeconds() + " s; see the agent logs");
  }

  private int addCameras(StreamfleetClient client) {
    String[] zones = {"zone-a", "zone-b", "zone-c"};
    int created = 0;
    for (int i = 1; i <= cameras; i++) {
      String id = "cam-" + i;
      try {
        // Each camera's zone overlaps the next one (a -> b -> c -> a), so a lost node's cameras
        // have somewhere to go, as in a real site with overlapping coverage.
        int z = (i - 1) % zones.length;
        client.createStream(new StreamRequest(id, "synthetic://" + id + "?fps=10&width=640&height=360", "motion",
            zones[z], null, null, null, null, null, null, java.util.List.of(zones[(z + 1) % zones.length]), null));
        created++;
      } catch (ApiCallException e) {
        if (e.status() != 409) { // 409: kept from an earlier run with the same --data-dir
          throw e;
        }
      }
    }
    return created;
  }

  /** The URL the agents get: the one given, or the embedded broker's. */
  private String mqttUrl(MqttSettings external, DevBroker broker) {
    return external != null ? mqtt : broker.url();
  }

  private static MqttSettings parseMqtt(String url) {
    try {
      return MqttSettings.parse(url);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  /** {@code preferred} when nothing listens there (the MQTT default, for tools' defaults), else a free port. */
  private static int portOr(int preferred) throws IOException {
    try (ServerSocket s = new ServerSocket(preferred, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      return freePort();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort on exit
    }
  }
}
