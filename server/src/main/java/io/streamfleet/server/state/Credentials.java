package io.streamfleet.server.state;

import io.streamfleet.model.command.AdmitServer;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.command.IssueNodeCertificate;
import io.streamfleet.model.command.RevokeToken;
import io.streamfleet.model.security.NodeCertificate;
import io.streamfleet.model.security.Role;
import io.streamfleet.model.security.TokenRecord;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The cluster's credentials, one aggregate of {@link ClusterState}: tokens (by id, secrets only
 * as hashes) and the node certificates the cluster CA issued. Deterministic like the rest of the
 * state: every time it compares is the command's own stamp.
 */
final class Credentials {
  private final NavigableMap<String, TokenRecord> tokens = new TreeMap<>();
  /** node id → serial → certificate; a serial not listed authenticates nothing. */
  private final NavigableMap<String, NavigableMap<String, NodeCertificate>> certificates = new TreeMap<>();
  private String bootstrapTokenId;

  void restore(List<TokenRecord> savedTokens, List<NodeCertificate> savedCertificates, String bootstrapId) {
    if (savedTokens != null) {
      savedTokens.forEach(t -> tokens.put(t.id(), t));
    }
    if (savedCertificates != null) {
      savedCertificates.forEach(c -> certificates.computeIfAbsent(c.nodeId(), n -> new TreeMap<>()).put(c.serial(), c));
    }
    bootstrapTokenId = bootstrapId;
  }

  CommandResult create(CreateToken c) {
    TokenRecord t = c.token();
    if (tokens.containsKey(t.id())) {
      return CommandResult.rejected(CommandResult.CONFLICT, "token id " + t.id() + " is taken; create the token again");
    }
    if (c.bootstrap()) {
      if (bootstrapTokenId != null) {
        return CommandResult.rejected(CommandResult.CONFLICT, "the cluster already has its bootstrap token " + bootstrapTokenId);
      }
      bootstrapTokenId = t.id();
    }
    tokens.put(t.id(), t);
    return CommandResult.ok();
  }

  CommandResult revoke(RevokeToken c) {
    TokenRecord t = tokens.get(c.tokenId());
    if (t == null) {
      return CommandResult.rejected(CommandResult.NOT_FOUND, "token '" + c.tokenId() + "' does not exist; `streamfleet token ls` lists them");
    }
    if (t.revokedAtMs() == 0) {
      tokens.put(t.id(), t.revoked(c.meta().atMs()));
    }
    return CommandResult.ok();
  }

  /** Spends one use of the join token (unless a renewal) and lists the certificate for its node. */
  CommandResult issue(IssueNodeCertificate c) {
    NodeCertificate cert = c.certificate();
    long now = c.meta().atMs();
    if (!"renewal".equals(cert.tokenId())) {
      String problem = spendJoinToken(cert.tokenId(), Role.AGENT, "node", cert.nodeId(), now);
      if (problem != null) {
        return CommandResult.rejected(CommandResult.INVALID, problem);
      }
    } else if (!certificates.containsKey(cert.nodeId())) {
      return CommandResult.rejected(CommandResult.NOT_FOUND, "node '" + cert.nodeId() + "' holds no certificate to renew; join it again with a token");
    }
    NavigableMap<String, NodeCertificate> held = certificates.computeIfAbsent(cert.nodeId(), n -> new TreeMap<>());
    held.values().removeIf(old -> old.notAfterMs() <= now);
    held.put(cert.serial(), cert);
    return CommandResult.ok();
  }

  /** Spends one use of a server join token for {@code serverId}. */
  CommandResult admitServer(AdmitServer c) {
    String problem = spendJoinToken(c.tokenId(), Role.SERVER, "server", c.serverId(), c.meta().atMs());
    return problem == null ? CommandResult.ok() : CommandResult.rejected(CommandResult.INVALID, problem);
  }

  /**
   * Spends one use of join token {@code tokenId} for the {@code kind} (node or server) {@code id};
   * returns why it cannot (and then spends nothing), or null.
   */
  private String spendJoinToken(String tokenId, Role role, String kind, String id, long nowMs) {
    TokenRecord t = tokens.get(tokenId);
    String problem = t == null ? "join token " + tokenId + " does not exist" : t.unusableReason(nowMs);
    if (problem == null && t.role() != role) {
      problem = "token " + t.id() + " has role " + t.role().wireName() + "; a " + kind + " joins with a token of role " + role.wireName();
    }
    if (problem == null && t.nodeId() != null && !t.nodeId().equals(id)) {
      problem = "join token " + t.id() + " admits only " + kind + " '" + t.nodeId() + "', not '" + id + "'";
    }
    if (problem == null) {
      tokens.put(t.id(), t.used());
    }
    return problem;
  }

  /** Ends every certificate of a removed node. */
  void forgetNode(String nodeId) {
    certificates.remove(nodeId);
  }

  TokenRecord token(String id) {
    return tokens.get(id);
  }

  Collection<TokenRecord> tokens() {
    return tokens.values();
  }

  String bootstrapTokenId() {
    return bootstrapTokenId;
  }

  boolean certificateListed(String nodeId, String serial) {
    NavigableMap<String, NodeCertificate> held = certificates.get(nodeId);
    return held != null && held.containsKey(serial);
  }

  List<NodeCertificate> certificates() {
    return certificates.values().stream().flatMap(m -> m.values().stream()).toList();
  }
}
