package io.streamfleet.agent;

import io.streamfleet.agent.builtin.BuiltinDriver;
import io.streamfleet.agent.builtin.HardwareDecode;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.events.EventDelivery;
import io.streamfleet.agent.events.EventSettings;
import io.streamfleet.agent.events.EventSink;
import io.streamfleet.agent.events.MqttEventSink;
import io.streamfleet.agent.exec.ExecDriver;
import io.streamfleet.agent.exec.LeaseWatchdog;
import io.streamfleet.agent.hardware.AgentCapacity;
import io.streamfleet.agent.hardware.Gpu;
import io.streamfleet.agent.hardware.GpuUsage;
import io.streamfleet.agent.hardware.GpuUsageProbe;
import io.streamfleet.agent.hardware.HardwareDetector;
import io.streamfleet.agent.hardware.HardwareInfo;
import io.streamfleet.agent.hardware.NodeUsage;
import io.streamfleet.agent.hardware.UsageSampler;
import io.streamfleet.agent.metrics.AgentMetrics;
import io.streamfleet.agent.metrics.AgentMetricsServer;
import io.streamfleet.agent.mqtt.AgentBrokerLink;
import io.streamfleet.agent.mqtt.NodeStatus;
import io.streamfleet.agent.session.AgentProtocol;
import io.streamfleet.agent.session.AgentSession;
import io.streamfleet.agent.session.AgentSettings;
import io.streamfleet.agent.retry.Backoff;
import io.streamfleet.agent.session.AgentTransport;
import io.streamfleet.agent.tls.NodeCredentials;
import io.streamfleet.model.Resources;
import io.streamfleet.protocol.trace.Tracing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole agent: detects the hardware, opens the event outbox (and the MQTT connection with
 * {@code --mqtt}), then runs the session with the processor drivers.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  /** The longest an event pump waits before trying an unavailable sink again. */
  private static final Duration EVENT_RETRY_CAP = Duration.ofSeconds(2);

  private final AgentSession session;
  private final EventDelivery events;
  private final AgentBrokerLink broker;
  private final LeaseWatchdog watchdog;
  private final DataDirLock lock;
  private final HardwareInfo hardware;
  private final Resources capacity;
  private final NodeCredentials credentials;
  private final UsageSampler sampler;
  private final Path dataDir;
  private final Tracing tracing;
  private volatile AgentMetricsServer metricsServer;

  private Agent(AgentSession session, EventDelivery events, AgentBrokerLink broker, LeaseWatchdog watchdog, DataDirLock lock,
      HardwareInfo hardware, Resources capacity, NodeCredentials credentials, UsageSampler sampler, Path dataDir, Tracing tracing) {
    this.tracing = tracing;
    this.credentials = credentials;
    this.sampler = sampler;
    this.dataDir = dataDir;
    this.session = session;
    this.events = events;
    this.broker = broker;
    this.watchdog = watchdog;
    this.lock = lock;
    this.hardware = hardware;
    this.capacity = capacity;
  }

  /**
   * @param cpuMillis capacity override (testing, or to leave room for other software), or null
   * @param memoryMb capacity override, or null
   * @param eventSettings the outbox's bounds and the MQTT broker, if any; events are kept in
   *     {@code dataDir/events} until the server (and the broker) have them
   * @param otlpEndpoint where the spans of traced starts go (an OTLP/HTTP collector), or null
   */
  public static Agent start(String nodeId, List<String> servers, String zone, Map<String, String> labels,
      Integer cpuMillis, Integer memoryMb, Path dataDir, AgentSecurity security, EventSettings eventSettings, URI otlpEndpoint)
      throws IOException, InterruptedException {
    HardwareInfo hw = HardwareDetector.forThisMachine().detect();
    Resources capacity = AgentCapacity.of(hw, cpuMillis, memoryMb);
    AgentSettings settings = new AgentSettings(nodeId, servers, zone, labels, hw.nodeClass().wireName(), capacity,
        Duration.ofSeconds(5), security.exec());
    if (security.insecure()) {
      servers.stream().filter(s -> !isLoopback(s)).findFirst().ifPresent(s -> {
        throw new IllegalArgumentException("--insecure (plaintext) is allowed only to loopback servers, but --servers lists " + s
            + "; drop --insecure and join with --join-token");
      });
    }
    UsageSampler sampler = UsageSampler.forThisMachine();
    DataDirLock lock = DataDirLock.acquire(dataDir);
    NodeCredentials credentials = null;
    if (!security.insecure()) {
      try {
        credentials = NodeCredentials.obtain(dataDir, nodeId, servers, security.joinToken(), java.time.Clock.systemUTC(), Duration.ofMinutes(5));
      } catch (IOException | InterruptedException | RuntimeException e) {
        lock.close();
        throw e;
      }
    }
    AgentBrokerLink broker = null;
    EventDelivery events;
    try {
      List<EventSink> otherSinks = List.of();
      if (eventSettings.mqtt() != null) {
        NodeStatus status = new NodeStatus(nodeId, zone, AgentProtocol.AGENT_VERSION, System.currentTimeMillis());
        broker = AgentBrokerLink.start(eventSettings.mqtt(), status);
        if (eventSettings.mqttEvents()) {
          MqttEventSink mqttSink = new MqttEventSink(broker.topics(), MqttEventSink.Publisher.of(broker.connection()));
          broker.whenConnected(mqttSink::reconnected);
          otherSinks = List.of(mqttSink);
        }
        log.info("publishing {}node status to MQTT broker {}", eventSettings.mqttEvents() ? "events and " : "",
            eventSettings.mqtt().redacted());
      }
      events = EventDelivery.start(dataDir.resolve("events"), nodeId, eventSettings.outbox(), otherSinks, Clock.systemUTC(),
          attempt -> Backoff.delay(attempt, EVENT_RETRY_CAP, ThreadLocalRandom.current()));
    } catch (IOException | RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      if (credentials != null) {
        credentials.close();
      }
      lock.close();
      throw e;
    }
    java.util.function.LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000;
    LeaseWatchdog watchdog = LeaseWatchdog.start(dataDir.toAbsolutePath(), monotonicMs);
    ExecDriver exec = new ExecDriver(nodeId, dataDir.toAbsolutePath(), sampler, watchdog, security.exec());
    // Processes of an earlier agent process that was killed before it could stop them.
    List<String> reaped = exec.reapOrphans();
    if (!reaped.isEmpty()) {
      log.warn("stopped processors left behind by an earlier agent: {}", reaped);
    }
    Map<String, ProcessorDriver> drivers = Map.of("builtin", new BuiltinDriver(hardwareDecode(hw)), "exec", exec);
    Tracing tracing = Tracing.start("streamfleet-agent", nodeId, otlpEndpoint);
    AgentSession session = new AgentSession(settings, drivers, () -> {
      NodeUsage u = sampler.sampleNode();
      return new double[] {u.cpuPercent(), u.memoryPercent()};
    }, monotonicMs, watchdog::leaseUntil, credentials == null ? AgentTransport.PLAINTEXT : credentials, events.outbox(),
        events.serverSink(), tracing).start();
    log.info("agent {} started: {} ({} threads, {} MiB, class {}), capacity {} cpu_millis / {} MiB, servers {}",
        nodeId, hw.cpuModel(), hw.cpuThreads(), hw.memoryMb(), hw.nodeClass().wireName(), capacity.cpuMillis(),
        capacity.memoryMb(), servers);
    return new Agent(session, events, broker, watchdog, lock, hw, capacity, credentials, sampler, dataDir, tracing);
  }

  /** The decoders ffmpeg may use here: NVDEC with an NVIDIA card, VAAPI with a render node. */
  static HardwareDecode hardwareDecode(HardwareInfo hw) {
    Path renderNode = hw.gpus().stream().filter(g -> g.kind() == Gpu.Kind.DRI).map(Gpu::device).findFirst().orElse(null);
    return new HardwareDecode(renderNode, hw.nvidiaGpuCount() > 0);
  }

  private static boolean isLoopback(String hostPort) {
    String host = hostPort.substring(0, Math.max(0, hostPort.lastIndexOf(':')));
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }

  public HardwareInfo hardware() {
    return hardware;
  }

  public Resources capacity() {
    return capacity;
  }

  public AgentSession session() {
    return session;
  }

  /** Serves the agent's metrics at {@code http://at/metrics} until the agent closes. */
  public int serveMetrics(InetSocketAddress at) throws IOException {
    String nodeId = session.nodeId();
    GpuUsageProbe gpuProbe = GpuUsageProbe.forThisMachine(hardware);
    AgentMetrics metrics = new AgentMetrics(new AgentMetrics.Source() {
      @Override
      public String nodeId() {
        return nodeId;
      }

      @Override
      public String version() {
        return AgentProtocol.AGENT_VERSION;
      }

      @Override
      public double processCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
      }

      @Override
      public long processResidentBytes() {
        return sampler.sampleProcessTree(ProcessHandle.current().pid()).rssBytes();
      }

      @Override
      public double[] nodeCpuAndMemoryRatio() {
        NodeUsage u = sampler.sampleNode();
        return new double[] {u.cpuPercent() / 100, u.memoryPercent() / 100};
      }

      @Override
      public long[] dataDiskFreeAndTotalBytes() {
        try {
          java.nio.file.FileStore store = java.nio.file.Files.getFileStore(dataDir);
          return new long[] {store.getUsableSpace(), store.getTotalSpace()};
        } catch (IOException e) {
          return new long[] {0, 0};
        }
      }

      @Override
      public int gpus() {
        return hardware.gpus().size();
      }

      @Override
      public List<GpuUsage> gpuUsage() {
        return gpuProbe.latest();
      }

      @Override
      public long outboxPending() {
        return events.outbox().pending();
      }

      @Override
      public long outboxDropped() {
        return events.outbox().dropped();
      }

      @Override
      public boolean connected() {
        return session.connected();
      }

      @Override
      public List<io.streamfleet.protocol.v1.ProcessorUsage> instances() {
        return session.reconciler().usage();
      }
    });
    metricsServer = AgentMetricsServer.start(at, metrics);
    log.info("serving metrics at http://{}:{}/metrics", at.getHostString(), metricsServer.port());
    return metricsServer.port();
  }

  /** Stops the processors first, so that their last events are in the outbox before it closes. */
  @Override
  public void close() {
    AgentMetricsServer m = metricsServer;
    if (m != null) {
      m.close();
    }
    session.close();
    events.close();
    if (broker != null) {
      broker.close();
    }
    watchdog.close();
    if (credentials != null) {
      credentials.close();
    }
    tracing.close(); // after the session: the stops' spans go out too
    try {
      lock.close();
    } catch (java.io.IOException e) {
      log.debug("releasing the data directory lock: {}", e.getMessage());
    }
  }
}
