package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.ApiCallException;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machine and command format already work with three servers: writes through any
 * member reach all, a killed leader is replaced, and a minority refuses writes (503) rather
 * than diverge. (Membership changes and measured control-plane failover are the HA milestone.)
 */
@Tag("integration")
class ThreeServerClusterIT {
  @TempDir Path tmp;

  @Test
  void writesReplicateSurviveALeaderKillAndAMinorityRefusesWrites() throws Exception {
    int[] raft = {ServerProcess.freePort(), ServerProcess.freePort(), ServerProcess.freePort()};
    String peers = "s1=127.0.0.1:" + raft[0] + ",s2=127.0.0.1:" + raft[1] + ",s3=127.0.0.1:" + raft[2];
    // One CA for the cluster, as an operator creates it and copies it to every server.
    String ca = tmp.resolve("ca").toString();
    assertThat(CliRunner.runRaw("ca", "create", "--out", ca).exitCode()).isZero();
    List<ServerProcess> servers = List.of(
        new ServerProcess(tmp.resolve("d1"), "s1", raft[0], "--peers", peers, "--tls-ca-dir", ca),
        new ServerProcess(tmp.resolve("d2"), "s2", raft[1], "--peers", peers, "--tls-ca-dir", ca),
        new ServerProcess(tmp.resolve("d3"), "s3", raft[2], "--peers", peers, "--tls-ca-dir", ca));
    AgentProcess agent = null;
    try {
      servers.forEach(ServerProcess::launchOnly);
      servers.forEach(ServerProcess::awaitHealthy);
      ServerProcess.shareAdminToken(servers);

      String leaderId = servers.getFirst().client().health().leader();
      ServerProcess leader = servers.stream().filter(s -> s.id.equals(leaderId)).findFirst().orElseThrow();
      List<ServerProcess> followers = servers.stream().filter(s -> s != leader).toList();

      // A write through a follower is forwarded to the leader and readable on that follower at once.
      StreamView created = followers.getFirst().client().createStream(stream("through-follower"));
      assertThat(followers.getFirst().client().stream("through-follower").spec()).isEqualTo(created.spec());
      for (ServerProcess s : servers) {
        await().atMost(Duration.ofSeconds(10)).until(() -> s.client().streams().size() == 1);
      }

      // An agent that knows only a follower is sent to the leader (leader hint) and registers.
      agent = new AgentProcess(tmp, "edge-1", followers.getFirst(), "--cpu-millis", "1000", "--memory-mb", "1024").start();
      await().atMost(Duration.ofSeconds(60)).until(() -> leader.client().nodes().stream().anyMatch(n -> n.id().equals("edge-1")));
      assertThat(agent.logText()).contains("following the leader hint");
      await().atMost(Duration.ofSeconds(30)).until(() -> leader.client().stream("through-follower").status().state() == AssignmentState.RUNNING);
      long epochBeforeKill = leader.client().stream("through-follower").status().epoch();

      // Kill the leader: the other two elect a new one and keep accepting writes.
      leader.kill();
      followers.get(1).client().createStream(stream("after-leader-kill"));
      for (ServerProcess s : followers) {
        await().atMost(Duration.ofSeconds(10)).until(() -> s.client().streams().size() == 2);
        assertThat(s.client().health().leader()).isNotEqualTo(leaderId);
      }
      // The agent finds the new leader too and its node is ready there.
      ServerProcess newLeader = followers.stream().filter(s -> s.id.equals(s.client().health().leader())).findFirst().orElseThrow();
      await().atMost(Duration.ofSeconds(60)).until(() -> newLeader.client().node("edge-1").state() == io.streamfleet.model.NodeState.READY
          && newLeader.client().node("edge-1").lastHeartbeatMsAgo() != null);
      // The control-plane failover did not fail the data plane over: the new leader re-armed its
      // failure detector with a grace period, so the node was never declared down and the stream
      // kept its instance.
      assertThat(newLeader.client().audit(1000)).noneMatch(e -> "node.down".equals(e.action()) && "ok".equals(e.outcome()));
      assertThat(newLeader.client().stream("through-follower").status().epoch()).isEqualTo(epochBeforeKill);

      // Kill one more: the last server is a minority and must not accept writes.
      followers.get(1).kill();
      ServerProcess last = followers.getFirst();
      assertThatThrownBy(() -> last.client().createStream(stream("minority")))
          .isInstanceOfSatisfying(ApiCallException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("majority");
          });
      await().atMost(Duration.ofSeconds(10)).until(() -> "unavailable".equals(last.client().health().status()));
      assertThat(last.client().streams()).extracting(StreamView::id).doesNotContain("minority");
    } finally {
      if (agent != null) {
        agent.close();
      }
      servers.forEach(ServerProcess::close);
    }
  }

  @Test
  @org.junit.jupiter.api.Disabled("Known gap, to fix next: in CI the replaced member (empty data, fetched CA) was not caught up by"
      + " Raft within 180 s in 2 of 5 runs, though it passed locally; the join itself (CA fetched, token spent once) works."
      + " Suspect: the leader's Ratis appender/gRPC channel to a member that came back with an empty log.")
  void aMemberThatLostItsDataRejoinsWithAServerJoinTokenOnce() throws Exception {
    int[] raft = {ServerProcess.freePort(), ServerProcess.freePort(), ServerProcess.freePort()};
    String peers = "s1=127.0.0.1:" + raft[0] + ",s2=127.0.0.1:" + raft[1] + ",s3=127.0.0.1:" + raft[2];
    String ca = tmp.resolve("ca").toString();
    assertThat(CliRunner.runRaw("ca", "create", "--out", ca).exitCode()).isZero();
    List<ServerProcess> servers = new java.util.ArrayList<>(List.of(
        new ServerProcess(tmp.resolve("d1"), "s1", raft[0], "--peers", peers, "--tls-ca-dir", ca),
        new ServerProcess(tmp.resolve("d2"), "s2", raft[1], "--peers", peers, "--tls-ca-dir", ca),
        new ServerProcess(tmp.resolve("d3"), "s3", raft[2], "--peers", peers, "--tls-ca-dir", ca)));
    try {
      servers.forEach(ServerProcess::launchOnly);
      servers.forEach(ServerProcess::awaitHealthy);
      ServerProcess.shareAdminToken(servers);
      String admin = servers.getFirst().adminToken();
      String leaderId = servers.getFirst().client().health().leader();
      ServerProcess leader = servers.stream().filter(x -> x.id.equals(leaderId)).findFirst().orElseThrow();
      ServerProcess lost = servers.stream().filter(x -> x != leader).findFirst().orElseThrow();
      leader.client().createStream(stream("before-the-loss"));

      // The member's disk is gone: without the CA it cannot even start (and says how to join).
      lost.kill();
      deleteTree(lost.dataDir);
      ServerProcess bare = new ServerProcess(lost.dataDir, lost.id, lost.raftPort, "--peers", peers);
      assertThat(bare.runToExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(bare.logText()).contains("--join URL --join-token TOKEN");
      deleteTree(lost.dataDir);

      // A server join token bound to its id lets it fetch the CA from a member and catch up.
      String token = leader.client().createToken(new io.streamfleet.model.api.TokenRequest("server", 600L, 1, lost.id, "replace " + lost.id))
          .secret();
      String member = leader.uri().toString();
      ServerProcess replacement = new ServerProcess(lost.dataDir, lost.id, lost.raftPort, "--peers", peers, "--join", member,
          "--join-token", token);
      servers.set(servers.indexOf(lost), replacement);
      replacement.start();
      replacement.useAdminToken(admin);
      // Until Raft has caught it up it does not know the admin token either (reads are local): 401s until then.
      // The leader's channel to the member was in gRPC's reconnect backoff while it was down (the
      // backoff grows toward 2 min), so the first append to the replacement can take a while.
      await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
          .until(() -> replacement.client().streams().stream().anyMatch(v -> v.id().equals("before-the-loss")));

      // The token was for one use: a second server cannot use it again.
      ServerProcess again = new ServerProcess(tmp.resolve("d4"), lost.id, ServerProcess.freePort(), "--peers", peers, "--join", member,
          "--join-token", token);
      assertThat(again.runToExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(again.logText()).contains("refused to admit server").contains("used up");
    } finally {
      servers.forEach(ServerProcess::close);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }

  private static StreamRequest stream(String id) {
    return new StreamRequest(id, "synthetic://" + id, "motion", null, null, null, null, null, null, null);
  }
}
