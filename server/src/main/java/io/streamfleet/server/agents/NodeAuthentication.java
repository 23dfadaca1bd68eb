package io.streamfleet.server.agents;

import io.streamfleet.server.state.StateStore;

/**
 * Whether a session may register as the node it claims to be. With TLS the answer comes from the
 * session's certificate: it must be a node certificate of the cluster CA, for that node, and
 * still listed in the replicated state (removing a node unlists its certificates).
 */
@FunctionalInterface
public interface NodeAuthentication {
  /** No check: the plaintext development mode, and in-process simulations. */
  NodeAuthentication NONE = claimed -> null;

  /** Why the session may not register as {@code claimedNodeId}, or null when it may. */
  String refusal(String claimedNodeId);

  static NodeAuthentication byCertificate(PeerCertificate peer, StateStore store) {
    return claimed -> {
      if (peer == null) {
        return "this connection presented no node certificate; start the agent with --join-token (from `streamfleet token create --role agent`)";
      }
      if (peer.nodeId() == null) {
        return "this connection's certificate is not a node certificate";
      }
      if (!peer.nodeId().equals(claimed)) {
        return "this connection's certificate belongs to node '" + peer.nodeId() + "'; it cannot register as '" + claimed + "'";
      }
      if (!store.read(s -> s.certificateListed(peer.nodeId(), peer.serial()))) {
        return "certificate " + peer.serial() + " of node '" + peer.nodeId()
            + "' no longer counts (the node was removed, or the certificate replaced and expired); join again with a new token";
      }
      return null;
    };
  }
}
