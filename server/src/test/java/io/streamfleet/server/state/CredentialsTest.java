package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.command.IssueNodeCertificate;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.RemoveNode;
import io.streamfleet.model.command.RevokeToken;
import io.streamfleet.model.security.NodeCertificate;
import io.streamfleet.model.security.Role;
import io.streamfleet.model.security.TokenRecord;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  private static final long T0 = 1_764_000_000_000L;
  private final ClusterState state = ClusterState.initial();
  private long index;

  private CommandResult apply(Object c) {
    return state.apply((io.streamfleet.model.command.Command) c, ++index);
  }

  private static CommandMeta at(long ms) {
    return new CommandMeta(ms, "token:admin", "test");
  }

  private static TokenRecord joinToken(String id, int uses, String nodeId, long expiresAt) {
    return new TokenRecord(id, Role.AGENT, null, "00".repeat(32), T0, expiresAt, uses, nodeId, "token:admin", 0);
  }

  private CommandResult issue(String node, String serial, String tokenId, long at) {
    return apply(new IssueNodeCertificate(at(at), new NodeCertificate(node, serial, at, at + 3_600_000, tokenId)));
  }

  @Test
  void aJoinTokenAdmitsAsManyNodesAsItHasUsesThenNone() {
    apply(new CreateToken(at(T0), joinToken("aaaaaaaaaaaa", 2, null, 0), false));
    assertThat(issue("n1", "01", "aaaaaaaaaaaa", T0).isOk()).isTrue();
    assertThat(issue("n2", "02", "aaaaaaaaaaaa", T0).isOk()).isTrue();
    CommandResult third = issue("n3", "03", "aaaaaaaaaaaa", T0);
    assertThat(third.message()).contains("used up");
    assertThat(state.certificateListed("n3", "03")).isFalse();
    assertThat(state.token("aaaaaaaaaaaa").usesLeft()).isZero();
  }

  @Test
  void expiryIsJudgedByTheCommandsOwnTimeSoEveryReplicaAgrees() {
    apply(new CreateToken(at(T0), joinToken("bbbbbbbbbbbb", 5, null, T0 + 1000), false));
    assertThat(issue("n1", "01", "bbbbbbbbbbbb", T0 + 999).isOk()).isTrue();
    assertThat(issue("n2", "02", "bbbbbbbbbbbb", T0 + 1000).message()).contains("expired");
  }

  @Test
  void aBoundTokenAdmitsOnlyItsNodeAndARevokedOneNobody() {
    apply(new CreateToken(at(T0), joinToken("cccccccccccc", 5, "edge-7", 0), false));
    assertThat(issue("edge-8", "01", "cccccccccccc", T0).message()).contains("admits only node 'edge-7', not 'edge-8'");
    apply(new RevokeToken(at(T0), "cccccccccccc"));
    assertThat(issue("edge-7", "02", "cccccccccccc", T0).message()).contains("revoked");
  }

  @Test
  void anApiTokenAdmitsNoNode() {
    apply(new CreateToken(at(T0), new TokenRecord("dddddddddddd", Role.ADMIN, null, "00".repeat(32), T0, 0, -1, null, "x", 0), false));
    assertThat(issue("n1", "01", "dddddddddddd", T0).message()).contains("role admin");
  }

  @Test
  void theBootstrapTokenIsCreatedOnceWhicheverServerProposesFirst() {
    TokenRecord first = new TokenRecord("eeeeeeeeeeee", Role.ADMIN, null, "00".repeat(32), T0, 0, -1, null, "server:s1", 0);
    TokenRecord second = new TokenRecord("ffffffffffff", Role.ADMIN, null, "00".repeat(32), T0, 0, -1, null, "server:s2", 0);
    assertThat(apply(new CreateToken(at(T0), first, true)).isOk()).isTrue();
    CommandResult late = apply(new CreateToken(at(T0), second, true));
    assertThat(late.message()).endsWith(" eeeeeeeeeeee");
    assertThat(state.token("ffffffffffff")).isNull();
    assertThat(state.bootstrapTokenId()).isEqualTo("eeeeeeeeeeee");
  }

  @Test
  void removingANodeUnlistsItsCertificatesButNotWhileItHasStreams() {
    apply(new CreateToken(at(T0), joinToken("gggggggggggg", 1, null, 0), false));
    issue("n1", "0a", "gggggggggggg", T0);
    apply(new RegisterNode(at(T0), "n1", 1, null, new TreeMap<>(), "server", new Resources(1000, 1000, 0, null)));
    assertThat(issue("n1", "0b", "renewal", T0 + 10).isOk()).isTrue();
    assertThat(state.certificateListed("n1", "0a")).isTrue();
    assertThat(state.certificateListed("n1", "0b")).isTrue();
    assertThat(apply(new RemoveNode(at(T0), "n1")).isOk()).isTrue();
    assertThat(state.certificateListed("n1", "0a")).isFalse();
    assertThat(state.certificateListed("n1", "0b")).isFalse();
    assertThat(issue("n1", "0c", "renewal", T0 + 20).message()).contains("join it again");
  }

  @Test
  void credentialsSurviveASnapshot() {
    apply(new CreateToken(at(T0), joinToken("hhhhhhhhhhhh", 1, null, 0), true));
    issue("n1", "0a", "hhhhhhhhhhhh", T0);
    ClusterState restored = ClusterState.restore(state.snapshot());
    assertThat(restored.token("hhhhhhhhhhhh")).isEqualTo(state.token("hhhhhhhhhhhh"));
    assertThat(restored.certificateListed("n1", "0a")).isTrue();
    assertThat(restored.bootstrapTokenId()).isEqualTo("hhhhhhhhhhhh");
  }
}
