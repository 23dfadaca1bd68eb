package io.streamfleet.agent;

import io.streamfleet.agent.builtin.BuiltinDriver;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.exec.ExecDriver;
import io.streamfleet.agent.exec.LeaseWatchdog;
import io.streamfleet.agent.hardware.AgentCapacity;
import io.streamfleet.agent.hardware.HardwareDetector;
import io.streamfleet.agent.hardware.HardwareInfo;
import io.streamfleet.agent.hardware.NodeUsage;
import io.streamfleet.agent.hardware.UsageSampler;
import io.streamfleet.agent.session.AgentSession;
import io.streamfleet.agent.session.AgentSettings;
import io.streamfleet.agent.session.AgentTransport;
import io.streamfleet.agent.tls.NodeCredentials;
import io.streamfleet.model.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A whole agent: detects the hardware, then runs the session with the processor drivers. */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final AgentSession session;
  private final LeaseWatchdog watchdog;
  private final DataDirLock lock;
  private final HardwareInfo hardware;
  private final Resources capacity;
  private final NodeCredentials credentials;

  private Agent(AgentSession session, LeaseWatchdog watchdog, DataDirLock lock, HardwareInfo hardware, Resources capacity,
      NodeCredentials credentials) {
    this.credentials = credentials;
    this.session = session;
    this.watchdog = watchdog;
    this.lock = lock;
    this.hardware = hardware;
    this.capacity = capacity;
  }

  /**
   * @param cpuMillis capacity override (testing, or to leave room for other software), or null
   * @param memoryMb capacity override, or null
   */
  public static Agent start(String nodeId, List<String> servers, String zone, Map<String, String> labels,
      Integer cpuMillis, Integer memoryMb, Path dataDir, AgentSecurity security) throws IOException, InterruptedException {
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
    java.util.function.LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000;
    LeaseWatchdog watchdog = LeaseWatchdog.start(dataDir.toAbsolutePath(), monotonicMs);
    ExecDriver exec = new ExecDriver(nodeId, dataDir.toAbsolutePath(), sampler, watchdog, security.exec());
    // Processes of an earlier agent process that was killed before it could stop them.
    List<String> reaped = exec.reapOrphans();
    if (!reaped.isEmpty()) {
      log.warn("stopped processors left behind by an earlier agent: {}", reaped);
    }
    Map<String, ProcessorDriver> drivers = Map.of("builtin", new BuiltinDriver(), "exec", exec);
    AgentSession session = new AgentSession(settings, drivers, () -> {
      NodeUsage u = sampler.sampleNode();
      return new double[] {u.cpuPercent(), u.memoryPercent()};
    }, monotonicMs, watchdog::leaseUntil, credentials == null ? AgentTransport.PLAINTEXT : credentials).start();
    log.info("agent {} started: {} ({} threads, {} MiB, class {}), capacity {} cpu_millis / {} MiB, servers {}",
        nodeId, hw.cpuModel(), hw.cpuThreads(), hw.memoryMb(), hw.nodeClass().wireName(), capacity.cpuMillis(),
        capacity.memoryMb(), servers);
    return new Agent(session, watchdog, lock, hw, capacity, credentials);
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

  @Override
  public void close() {
    session.close();
    watchdog.close();
    if (credentials != null) {
      credentials.close();
    }
    try {
      lock.close();
    } catch (java.io.IOException e) {
      log.debug("releasing the data directory lock: {}", e.getMessage());
    }
  }
}
