package io.streamfleet.cli;

import io.streamfleet.server.PeerAddress;
import io.streamfleet.server.ServerConfig;
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

  @Option(names = "--log-format", description = "Log format: text (default) or json.")
  String logFormat;

  @Option(names = "--log-level", description = "Log level: error, warn, info (default), debug.")
  String logLevel;

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
        Duration.ofMillis(writeTimeoutMs));
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
    System.err.println("Streamfleet server " + id + " ready: http://" + displayHost() + ":" + server.httpPort()
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
