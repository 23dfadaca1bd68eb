package io.streamfleet.model.security;

/**
 * A certificate the cluster CA issued to a node. A node's certificates are valid only while
 * their serial is listed for it: removing the node, or issuing a newer one and letting the old
 * one expire, ends them.
 *
 * @param serial hex serial number
 * @param notAfterMs expiry (wall clock)
 * @param tokenId the join token that admitted the node, or "renewal"
 */
public record NodeCertificate(String nodeId, String serial, long issuedAtMs, long notAfterMs, String tokenId) {}
