package io.streamfleet.server.agents;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamfleet.model.Ids;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.IssueNodeCertificate;
import io.streamfleet.model.security.NodeCertificate;
import io.streamfleet.protocol.tls.Identities;
import io.streamfleet.protocol.tls.Pem;
import io.streamfleet.protocol.v1.CertificateReply;
import io.streamfleet.protocol.v1.JoinRequest;
import io.streamfleet.protocol.v1.RenewRequest;
import io.streamfleet.server.security.ClusterCa;
import io.streamfleet.server.security.JoinTokens;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.state.WriteUnavailableException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits nodes: trades a join token and a certificate request for a node certificate, and renews
 * certificates for nodes that hold a valid one. Every certificate is recorded in the replicated
 * state before it is handed out (that is also where the token's use is spent, once, whichever
 * server the agent asked); a node certificate names exactly one node.
 */
final class NodeEnrollment {
  private static final Logger log = LoggerFactory.getLogger(NodeEnrollment.class);
  private static final int MAX_CSR_BYTES = 8 * 1024;

  private final ClusterCa ca;
  private final WritePort writes;
  private final StateStore store;
  private final Clock clock;
  private final Duration validity;
  private final String serverId;

  NodeEnrollment(ClusterCa ca, WritePort writes, StateStore store, Clock clock, Duration validity, String serverId) {
    this.ca = ca;
    this.writes = writes;
    this.store = store;
    this.clock = clock;
    this.validity = validity;
    this.serverId = serverId;
  }

  CertificateReply join(JoinRequest req) {
    JoinTokens.Check check = JoinTokens.check(store, req.getToken(), "agent");
    if (check.problem() != null) {
      log.warn("join refused for node '{}': {}", Ids.isValid(req.getNodeId()) ? req.getNodeId() : "(invalid id)", check.problem());
      throw denied(Status.UNAUTHENTICATED, check.problem());
    }
    if (!Ids.isValid(req.getNodeId())) {
      throw denied(Status.INVALID_ARGUMENT, "node id is invalid; " + Ids.RULE);
    }
    return issue(req.getCsr().toByteArray(), req.getNodeId(), check.token().id(), "token:" + check.token().id());
  }

  CertificateReply renew(RenewRequest req, PeerCertificate peer) {
    if (peer == null || peer.nodeId() == null) {
      throw denied(Status.UNAUTHENTICATED, "renewal needs the node's current certificate (mutual TLS)");
    }
    if (!store.read(s -> s.certificateListed(peer.nodeId(), peer.serial()))) {
      throw denied(Status.PERMISSION_DENIED, "certificate " + peer.serial() + " of node '" + peer.nodeId()
          + "' no longer counts (the node was removed); join again with a new token");
    }
    return issue(req.getCsr().toByteArray(), peer.nodeId(), "renewal", "node:" + peer.nodeId());
  }

  private CertificateReply issue(byte[] csr, String nodeId, String tokenId, String actor) {
    if (csr.length == 0 || csr.length > MAX_CSR_BYTES) {
      throw denied(Status.INVALID_ARGUMENT, "the certificate request must be 1 to " + MAX_CSR_BYTES + " bytes of DER, not " + csr.length);
    }
    X509Certificate cert;
    try {
      cert = ca.signNode(csr, nodeId, validity);
    } catch (ClusterCa.InvalidRequestException e) {
      throw denied(Status.INVALID_ARGUMENT, e.getMessage());
    }
    long now = clock.millis();
    NodeCertificate record = new NodeCertificate(nodeId, Identities.serialHex(cert), now, cert.getNotAfter().getTime(), tokenId);
    CommandResult result;
    try {
      result = writes.submit(new IssueNodeCertificate(new CommandMeta(now, actor, "server:" + serverId), record));
    } catch (WriteUnavailableException e) {
      throw denied(Status.UNAVAILABLE, e.getMessage());
    }
    if (!result.isOk()) {
      log.warn("certificate for node '{}' refused: {}", nodeId, result.message());
      throw denied(Status.PERMISSION_DENIED, result.message());
    }
    log.info("issued certificate {} to node {} ({}), valid until {}", record.serial(), nodeId, tokenId.equals("renewal") ? "renewal" : "joined with token " + tokenId,
        cert.getNotAfter().toInstant());
    return CertificateReply.newBuilder().setCertificatePem(Pem.encode(cert)).setCaPem(Pem.encode(ca.certificate()))
        .setNotAfterMs(record.notAfterMs()).build();
  }

  private static StatusRuntimeException denied(Status status, String message) {
    return status.withDescription(message).asRuntimeException();
  }
}
