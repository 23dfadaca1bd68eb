package io.streamfleet.cli;

import io.streamfleet.server.PeerAddress;
import io.streamfleet.server.ServerConfig;
import io.streamfleet.server.ServerSecurity;
import io.streamfleet.server.ServerEvents;
import io.streamfleet.protocol.mqtt.MqttSettings;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.StartupException;
import io.streamfleet.server.StreamfleetServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamfleet server}: runs one control-plane server until SIGINT/SIGTERM. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a control-plane server (one alone, or one of 3 or 5 with --peers).")
final class ServerCommand implements Callable<Integer> {
  /** Returned when the server stopped because the JVM is shutting down: do not call exit again. */
  static final int KEEP_RUNNING = -1;

  private static final ServerConfig D = ServerConfig.defaults();
  private static final DetectorSettings F = DetectorSettings.DEFAULTS;
  private static final RebalancePolicy R = RebalancePolicy.DEFAULT;

  @Option(names = "--id", description = "This server's id (default: ${DEFAULT-VALUE}).")
  String id = D.id();

  @Option(names = "--data-dir", description = "Where the Raft log and snapshots live (default: ./${DEFAULT-VALUE}).")
  Path dataDir = D.dataDir();

  @Option(names = "--host", description = "Address to bind HTTP and agent RPC to (default: ${DEFAULT-VALUE}).")
  String host = D.bindHost();

  @Option(names = "--http-port", description = "REST API, dashboard and /metrics port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int httpPort = D.httpPort();

  @Option(names = "--rpc-port", description = "Agent gRPC port (default: ${DEFAULT-VALUE}).")
  int rpcPort = D.rpcPort();

  @Option(names = "--raft-port", description = "Raft port between servers (default: ${DEFAULT-VALUE}).")
  int raftPort = D.raftPort();

  @Option(names = "--peers", paramLabel = "id=host:raftPort,...",
      description = "Every control-plane member including this one (3 or 5 for HA). Default: this server alone.")
  String peers;

  @Option(names = "--cluster-name", description = "Cluster name; servers of one cluster share it (default: ${DEFAULT-VALUE}).")
  String clusterName = D.clusterName();

  @Option(names = "--snapshot-every", description = "Snapshot the state and compact the log every N entries (default: ${DEFAULT-VALUE}).")
  long snapshotEvery = D.snapshotEvery();

  @Option(names = "--election-timeout-min-ms", description = "Raft election timeout, lower bound (default: ${DEFAULT-VALUE}).")
  long electionMinMs = D.electionTimeoutMin().toMillis();

  @Option(names = "--election-timeout-max-ms", description = "Raft election timeout, upper bound (default: ${DEFAULT-VALUE}).")
  long electionMaxMs = D.electionTimeoutMax().toMillis();

  @Option(names = "--max-body-bytes", description = "Largest accepted request body (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes = D.maxBodyBytes();

  @Option(names = "--write-timeout-ms", description = "How long a write waits to be committed before answering 503 (default: ${DEFAULT-VALUE}).")
  long writeTimeoutMs = D.writeTimeout().toMillis();

  @Option(names = "--heartbeat-interval-ms", description = "How often agents send heartbeats (default: ${DEFAULT-VALUE}).")
  long heartbeatMs = F.heartbeatIntervalMs();

  @Option(names = "--suspect-after-ms", description = "Heartbeat silence after which a node is suspect and gets no new streams (default: ${DEFAULT-VALUE}).")
  long suspectAfterMs = F.suspectAfterMs();

  @Option(names = "--down-after-ms", description = "Heartbeat silence after which a node is down and its streams move (default: ${DEFAULT-VALUE}).")
  long downAfterMs = F.downAfterMs();

  @Option(names = "--reconnect-grace-ms", description = "How long a node whose connection closed may take to reconnect before it is down (default: ${DEFAULT-VALUE}).")
  long reconnectGraceMs = F.reconnectGraceMs();

  @Option(names = "--leader-grace-ms", description = "After a leader change, how long nodes have to reconnect before silence counts (default: ${DEFAULT-VALUE}).")
  long leaderGraceMs = F.leaderGraceMs();

  @Option(names = "--flap-threshold", description = "Flap penalty (one per lost session, halving every --flap-half-life-ms) at which a returning node is held suspect (default: ${DEFAULT-VALUE}).")
  double flapThreshold = F.flapThreshold();

  @Option(names = "--flap-half-life-ms", description = "Half-life of the flap penalty (default: ${DEFAULT-VALUE}).")
  long flapHalfLifeMs = F.flapHalfLifeMs();

  @Option(names = "--flap-hold-ms", description = "How long a flapping node must stay connected before it gets streams again (default: ${DEFAULT-VALUE}).")
  long flapHoldMs = F.flapHoldMs();

  @Option(names = "--lease-ms", description = "How long an agent keeps exclusive streams running after its last acknowledged heartbeat (default: ${DEFAULT-VALUE}).")
  long leaseMs = F.leaseMs();

  @Option(names = "--lease-margin-ms", description = "Extra wait before an exclusive stream of a lost node starts elsewhere (default: ${DEFAULT-VALUE}).")
  long leaseMarginMs = F.leaseMarginMs();

  @Option(names = "--http-worker-lease-s", paramLabel = "S",
      description = "An HTTP worker (the FFmpeg farm seed's API) not heard from for this long is declared down and its jobs are queued again (default: ${DEFAULT-VALUE}).")
  double httpWorkerLeaseS = io.streamfleet.server.leader.JobSettings.DEFAULTS.httpWorkerLeaseMs() / 1000.0;

  @Option(names = "--job-retention", paramLabel = "N", description = "Finished jobs kept; the oldest beyond this are forgotten (default: ${DEFAULT-VALUE}).")
  int jobRetention = io.streamfleet.server.leader.JobSettings.DEFAULTS.retainFinished();

  @Option(names = "--job-retention-age-h", paramLabel = "H", description = "Finished jobs older than this are forgotten (default: ${DEFAULT-VALUE}).")
  double jobRetentionAgeH = io.streamfleet.server.leader.JobSettings.DEFAULTS.retainFinishedMs() / 3_600_000.0;

  @Option(names = "--rebalance-threshold", description = "Imbalance (coefficient of variation of allocated CPU) above which the leader rebalances on its own (default: ${DEFAULT-VALUE}).")
  double rebalanceThreshold = R.threshold();

  @Option(names = "--rebalance-max-moves", description = "Moves per automatic rebalancing round; 0 turns automatic rebalancing off (default: ${DEFAULT-VALUE}).")
  int rebalanceMaxMoves = R.maxMoves();

  @Option(names = "--rebalance-every-ms", description = "How often the leader checks the balance (default: ${DEFAULT-VALUE}).")
  long rebalanceEveryMs = R.everyMs();

  @Option(names = "--insecure", description = "Plaintext and no authentication; refused unless every address is loopback (development only).")
  boolean insecure;

  @Option(names = "--tls-ca-dir", paramLabel = "DIR",
      description = "Bring your own CA (ca.crt and ca.key), copied into the data directory on first start. Needed by clusters of several servers (`streamfleet ca create`).")
  Path tlsCaDir;

  @Option(names = "--join", paramLabel = "URL",
      description = "Replace a member of a running cluster: fetch the cluster CA from this member's API (https://HOST:PORT) with --join-token, on first start.")
  java.net.URI join;

  @Option(names = "--join-token", paramLabel = "TOKEN", description = "A server join token (`streamfleet token create --role server`), used with --join.")
  String joinToken;

  @Option(names = "--tls-san", split = ",", paramLabel = "NAME",
      description = "More names or addresses for the server certificate (a load balancer, a DNS name).")
  List<String> tlsSans;

  @Option(names = "--node-cert-validity-s", description = "How long node certificates are valid; agents renew at two thirds (default: ${DEFAULT-VALUE}, 30 days).")
  long nodeCertValiditySeconds = ServerSecurity.DEFAULTS.nodeCertValidity().toSeconds();

  @Option(names = "--rate-limit-per-s", description = "API requests per second per token, sustained (default: ${DEFAULT-VALUE}).")
  double rateLimitPerSecond = ServerSecurity.DEFAULTS.rateLimitPerSecond();

  @Option(names = "--rate-limit-burst", description = "API requests per token at once (default: ${DEFAULT-VALUE}).")
  int rateLimitBurst = ServerSecurity.DEFAULTS.rateLimitBurst();

  @Option(names = "--mqtt", paramLabel = "URL",
      description = "Publish the event log to this MQTT broker: tcp://[user:pass@]host:1883 or ssl://host:8883, options ?prefix=P&ca=FILE&cert=FILE&key=FILE (docs/events.md).")
  String mqtt;

  @Option(names = "--mqtt-frigate", description = "Also publish events in Frigate's MQTT conventions ({p}/{camera}/motion ON/OFF, {p}/events, {p}/available).")
  boolean mqttFrigate;

  @Option(names = "--mqtt-discovery", description = "Publish Home Assistant MQTT discovery configs (motion sensor per camera, connectivity per node).")
  boolean mqttDiscovery;

  @picocli.CommandLine.Mixin TracingOption tracing = new TracingOption();

  @Option(names = "--log-format", description = "Log format: text (default) or json.")
  String logFormat;

  @Option(names = "--log-level", description = "Log level: error, warn, info (default), debug.")
  String logLevel;

  private DetectorSettings failoverSettings() {
    try {
      return new DetectorSettings(heartbeatMs, suspectAfterMs, downAfterMs, reconnectGraceMs, leaderGraceMs, flapThreshold,
          flapHalfLifeMs, flapHoldMs, leaseMs, leaseMarginMs);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage() + "; see docs/configuration.md", 2);
    }
  }

  private RebalancePolicy rebalancePolicy() {
    try {
      return new RebalancePolicy(rebalanceThreshold, rebalanceMaxMoves, rebalanceEveryMs);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage() + " (--rebalance-threshold, --rebalance-max-moves, --rebalance-every-ms)", 2);
    }
  }

  private ServerEvents events() {
    if (mqtt == null) {
      if (mqttFrigate || mqttDiscovery) {
        throw new CliException("--mqtt-frigate and --mqtt-discovery need --mqtt URL (the broker to publish to)", 2);
      }
      return ServerEvents.NONE;
    }
    try {
      return new ServerEvents(MqttSettings.parse(mqtt), mqttFrigate, mqttDiscovery);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }

  @Override
  public Integer call() {
    List<PeerAddress> peerList;
    try {
      peerList = peers == null ? List.of() : PeerAddress.parseList(peers);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
    ServerConfig config = new ServerConfig(id, clusterName, dataDir, host, httpPort, rpcPort, raftPort, peerList,
        snapshotEvery, Duration.ofMillis(electionMinMs), Duration.ofMillis(electionMaxMs), maxBodyBytes,
        Duration.ofMillis(writeTimeoutMs), failoverSettings(), rebalancePolicy(),
        new ServerSecurity(insecure, tlsCaDir, tlsSans == null ? List.of() : tlsSans, Duration.ofSeconds(nodeCertValiditySeconds),
            rateLimitPerSecond, rateLimitBurst), events(),
        new io.streamfleet.server.leader.JobSettings(Math.round(httpWorkerLeaseS * 1000), jobRetention,
            Math.round(jobRetentionAgeH * 3_600_000)), tracing.endpoint());
    if ((join == null) != (joinToken == null)) {
      throw new CliException("--join and --join-token go together: the member to ask and the token to show it", 2);
    }
    if (join != null && !java.nio.file.Files.exists(dataDir.resolve("tls").resolve("ca.key"))) {
      try {
        io.streamfleet.server.security.ServerJoin.fetchCa(join, joinToken, id, dataDir.resolve("tls"));
      } catch (java.io.IOException e) {
        throw new CliException("cannot join: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
    StreamfleetServer server;
    try {
      server = StreamfleetServer.start(config, Clock.systemUTC());
    } catch (StartupException e) {
      throw new CliException("cannot start server: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "streamfleet-shutdown"));
    System.err.println("Streamfleet server " + id + " ready: " + (insecure ? "http" : "https") + "://" + displayHost() + ":" + server.httpPort()
        + "  (data: " + dataDir.toAbsolutePath().normalize() + ")");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return KEEP_RUNNING;
  }

  private String displayHost() {
    return host.equals("0.0.0.0") ? "127.0.0.1" : host;
  }
}
