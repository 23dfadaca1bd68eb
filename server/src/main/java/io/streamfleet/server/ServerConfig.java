package io.streamfleet.server;

import io.streamfleet.model.Ids;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.placement.RebalancePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a server needs to start. Defaults are in {@link #defaults()}; {@link #validate()}
 * fails fast with the offending value and the fix. Documented in docs/configuration.md.
 *
 * @param peers every control-plane member including this one; one entry for a single server
 * @param snapshotEvery write a snapshot (and purge the log before it) every this many entries
 * @param failover failure detector timings and exclusive leases
 * @param rebalance when the leader rebalances on its own
 * @param security TLS, tokens and rate limits (see {@link ServerSecurity})
 * @param events where the event log goes besides the API: MQTT (see {@link ServerEvents})
 * @param jobs the job queue's HTTP worker lease and retention
 * @param otlpEndpoint where spans go (an OTLP/HTTP collector), or null: spans are made for the
 *     logs' trace ids but not exported
 */
public record ServerConfig(
    String id,
    String clusterName,
    Path dataDir,
    String bindHost,
    int httpPort,
    int rpcPort,
    int raftPort,
    List<PeerAddress> peers,
    long snapshotEvery,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    long maxBodyBytes,
    Duration writeTimeout,
    DetectorSettings failover,
    RebalancePolicy rebalance,
    ServerSecurity security,
    ServerEvents events,
    io.streamfleet.server.leader.JobSettings jobs,
    java.net.URI otlpEndpoint) {

  public ServerConfig(String id, String clusterName, Path dataDir, String bindHost, int httpPort, int rpcPort, int raftPort,
      List<PeerAddress> peers, long snapshotEvery, Duration electionTimeoutMin, Duration electionTimeoutMax, long maxBodyBytes,
      Duration writeTimeout, DetectorSettings failover, RebalancePolicy rebalance, ServerSecurity security, ServerEvents events,
      io.streamfleet.server.leader.JobSettings jobs) {
    this(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery, electionTimeoutMin,
        electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events, jobs, null);
  }

  public ServerConfig(String id, String clusterName, Path dataDir, String bindHost, int httpPort, int rpcPort, int raftPort,
      List<PeerAddress> peers, long snapshotEvery, Duration electionTimeoutMin, Duration electionTimeoutMax, long maxBodyBytes,
      Duration writeTimeout, DetectorSettings failover, RebalancePolicy rebalance, ServerSecurity security, ServerEvents events) {
    this(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery, electionTimeoutMin,
        electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events,
        io.streamfleet.server.leader.JobSettings.DEFAULTS);
  }

  public static ServerConfig defaults() {
    return new ServerConfig("s1", "streamfleet", Path.of("streamfleet-data"), "0.0.0.0", 8080, 7070, 7071,
        List.of(), 10_000, Duration.ofMillis(400), Duration.ofMillis(800), 1 << 20, Duration.ofSeconds(10),
        DetectorSettings.DEFAULTS, RebalancePolicy.DEFAULT,
        ServerSecurity.DEFAULTS, ServerEvents.NONE);
  }

  /** The peers to form the Raft group from: {@code peers}, or this server alone on loopback. */
  public List<PeerAddress> effectivePeers() {
    return peers.isEmpty() ? List.of(new PeerAddress(id, "127.0.0.1", raftPort)) : peers;
  }

  public PeerAddress self() {
    return effectivePeers().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  public ServerConfig validate() {
    require(Ids.isValid(id), "--id '" + id + "' is invalid; " + Ids.RULE);
    require(Ids.isValid(clusterName), "--cluster-name '" + clusterName + "' is invalid; " + Ids.RULE);
    port("--http-port", httpPort);
    port("--rpc-port", rpcPort);
    port("--raft-port", raftPort);
    require(peers.isEmpty() || peers.stream().anyMatch(p -> p.id().equals(id)),
        "--peers does not list this server's --id '" + id + "'; list every member, this one included");
    require(peers.size() != 2 && peers.size() != 4,
        "--peers lists " + peers.size() + " servers; use 1, 3 or 5 (an even count tolerates no more failures than one fewer)");
    require(snapshotEvery >= 10, "--snapshot-every " + snapshotEvery + " is too small; use 10 or more (default 10000)");
    require(!electionTimeoutMin.isNegative() && electionTimeoutMin.toMillis() >= 50,
        "--election-timeout-min must be at least 50 ms");
    require(electionTimeoutMax.compareTo(electionTimeoutMin) > 0,
        "--election-timeout-max (" + electionTimeoutMax.toMillis() + " ms) must be greater than --election-timeout-min (" + electionTimeoutMin.toMillis() + " ms)");
    require(maxBodyBytes >= 1024, "--max-body-bytes must be at least 1024");
    require(jobs.httpWorkerLeaseMs() >= 1000, "--http-worker-lease-s must be at least 1");
    require(jobs.retainFinished() >= 0, "--job-retention must be 0 or more");
    require(jobs.retainFinishedMs() >= 60_000, "--job-retention-age-h must be more than 0 (at least one minute)");
    security.validate();
    if (security.insecure()) {
      require(ServerSecurity.isLoopback(bindHost) && effectivePeers().stream().allMatch(p -> ServerSecurity.isLoopback(p.host())),
          "--insecure (plaintext, no authentication) is allowed only on loopback, but --host is '" + bindHost
              + "'" + (peers.isEmpty() ? "" : " or --peers lists other addresses") + "; drop --insecure (TLS and tokens are on by default) or bind to 127.0.0.1");
    }
    return this;
  }

  private static void port(String flag, int port) {
    require(port >= 0 && port <= 65535, flag + " " + port + " is not a port; use 1-65535 (0 picks a free one)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public ServerConfig withPorts(int http, int rpc, int raft) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, http, rpc, raft, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events, jobs, otlpEndpoint);
  }

  public ServerConfig withDataDir(Path dir) {
    return new ServerConfig(id, clusterName, dir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events, jobs, otlpEndpoint);
  }

  public ServerConfig withBindHost(String host) {
    return new ServerConfig(id, clusterName, dataDir, host, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events, jobs, otlpEndpoint);
  }

  public ServerConfig withSnapshotEvery(long entries) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, entries,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events, jobs, otlpEndpoint);
  }

  public ServerConfig withFailover(DetectorSettings settings) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, settings, rebalance, security, events, jobs, otlpEndpoint);
  }

  public ServerConfig withRebalance(RebalancePolicy policy) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, policy, security, events, jobs, otlpEndpoint);
  }

  public ServerConfig withEvents(ServerEvents value) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, value, jobs, otlpEndpoint);
  }

  public ServerConfig withJobs(io.streamfleet.server.leader.JobSettings value) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events, value, otlpEndpoint);
  }

  public ServerConfig withSecurity(ServerSecurity value) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, value, events, jobs, otlpEndpoint);
  }

  public ServerConfig withOtlpEndpoint(java.net.URI value) {
    return new ServerConfig(id, clusterName, dataDir, bindHost, httpPort, rpcPort, raftPort, peers, snapshotEvery,
        electionTimeoutMin, electionTimeoutMax, maxBodyBytes, writeTimeout, failover, rebalance, security, events, jobs, value);
  }
}
