package io.streamfleet.server.raft;

import io.streamfleet.server.PeerAddress;
import io.streamfleet.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * This server's membership in the Raft group: the Ratis server holding the log and state
 * machine, and a client through which this server proposes commands (Ratis routes them to the
 * leader, wherever it is).
 *
 * <p>Settings chosen here, and why:
 *
 * <ul>
 *   <li>auto-snapshot every {@code snapshotEvery} entries and purge the log up to the snapshot:
 *       both are off in Ratis by default and the log would grow forever;
 *   <li>election timeout 400-800 ms by default: 150-300 ms flaps under CPU starvation on small
 *       machines, 1-2 s doubles control-plane failover time (see docs/architecture.md);
 *   <li>the log corruption policy is EXCEPTION: a damaged log stops the server instead of being
 *       silently truncated.
 * </ul>
 */
public final class RaftNode implements AutoCloseable {
  private final RaftGroup group;
  private final RaftPeerId selfId;
  private final RaftServer server;
  private final RaftClient client;

  private RaftNode(RaftGroup group, RaftPeerId selfId, RaftServer server, RaftClient client) {
    this.group = group;
    this.selfId = selfId;
    this.server = server;
    this.client = client;
  }

  /** The group id every member of cluster {@code clusterName} shares (Ratis needs a UUID). */
  private volatile boolean majorityFresh;
  private volatile long majorityCheckedAtNanos = System.nanoTime() - 1_000_000_000L;

  public static RaftGroupId groupIdFor(String clusterName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("streamfleet-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8)));
  }

  /** @param tls mutual TLS between servers, or null for plaintext (development mode) */
  public static RaftNode start(ServerConfig cfg, java.nio.file.Path raftDir, StreamfleetStateMachine stateMachine,
      org.apache.ratis.grpc.GrpcTlsConfig tls) throws IOException {
    List<RaftPeer> peers = cfg.effectivePeers().stream()
        .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build()).toList();
    RaftGroup group = RaftGroup.valueOf(groupIdFor(cfg.clusterName()), peers);
    PeerAddress self = cfg.self();

    RaftProperties props = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(props, List.of(raftDir.toFile()));
    GrpcConfigKeys.Server.setHost(props, self.host());
    GrpcConfigKeys.Server.setPort(props, self.port());
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, cfg.snapshotEvery());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
    RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(Integer.MAX_VALUE, Math.max(1, cfg.snapshotEvery() / 2)));
    RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf("8MB"));
    RaftServerConfigKeys.Log.setCorruptionPolicy(props, RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION);
    RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(cfg.electionTimeoutMin().toMillis(), TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(cfg.electionTimeoutMax().toMillis(), TimeUnit.MILLISECONDS));
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(3, TimeUnit.SECONDS));

    org.apache.ratis.conf.Parameters parameters = new org.apache.ratis.conf.Parameters();
    if (tls != null) {
      GrpcConfigKeys.Server.setTlsConf(parameters, tls);
      GrpcConfigKeys.Client.setTlsConf(parameters, tls);
      GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
      GrpcConfigKeys.TLS.setConf(parameters, tls);
    }
    RaftPeerId selfId = RaftPeerId.valueOf(cfg.id());
    RaftServer server = RaftServer.newBuilder()
        .setParameters(parameters)
        .setServerId(selfId)
        .setGroup(group)
        .setStateMachine(stateMachine)
        .setProperties(props)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      closeQuietly(server);
      throw e;
    }
    // Writes retry while a leader is being elected, then give up: the API answers 503.
    RaftClient client = RaftClient.newBuilder()
        .setProperties(props)
        .setParameters(parameters)
        .setRaftGroup(group)
        .setLeaderId(peers.size() == 1 ? selfId : null)
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(40, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS)))
        .build();
    return new RaftNode(group, selfId, server, client);
  }

  /** Proposes one encoded command; completes when it is committed and applied by the leader. */
  public CompletableFuture<RaftClientReply> propose(byte[] command) {
    return client.async().send(Message.valueOf(ByteString.copyFrom(command)));
  }

  public DivisionInfo info() throws IOException {
    return server.getDivision(group.getGroupId()).getInfo();
  }

  /**
   * Whether this server leads and a majority of the group (itself included) answered it within
   * the last {@code withinMs}. With {@code withinMs} below the election timeout no other server can
   * have been elected meanwhile: a follower votes only after it has not heard from the leader for
   * a whole election timeout, and every majority includes one of those that just answered. Cached
   * for 10 ms (it is asked on every agent heartbeat).
   */
  public boolean heardFromMajorityWithin(long withinMs) {
    long now = System.nanoTime();
    if (now - majorityCheckedAtNanos < 10_000_000L) {
      return majorityFresh;
    }
    boolean fresh;
    try {
      DivisionInfo info = info();
      if (!info.isLeader()) {
        fresh = false;
      } else {
        int members = group.getPeers().size();
        long answered = 1 + info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList().stream()
            .filter(f -> f.getLastRpcElapsedTimeMs() < withinMs).count();
        fresh = answered * 2 > members;
      }
    } catch (IOException | RuntimeException e) {
      fresh = false;
    }
    majorityFresh = fresh;
    majorityCheckedAtNanos = now;
    return fresh;
  }

  public long commitIndex() throws IOException {
    return server.getDivision(group.getGroupId()).getRaftLog().getLastCommittedIndex();
  }

  public RaftGroup group() {
    return group;
  }

  public RaftPeerId selfId() {
    return selfId;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    closeQuietly(server);
  }

  private static void closeQuietly(RaftServer server) {
    try {
      server.close();
    } catch (IOException | RuntimeException ignored) {
      // best effort: the process is stopping
    }
  }
}
