package io.streamfleet.protocol.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How certificates name their holders. A node certificate carries the URI
 * {@code urn:streamfleet:node:ID}; a server certificate the DNS name {@link #SERVER_NAME}, which
 * agents verify instead of whatever address they dialled (so servers may move and sit behind
 * NAT). The CA issues each kind only to its holder.
 */
public final class Identities {
  public static final String NODE_URI_PREFIX = "urn:streamfleet:node:";
  /** The name every server certificate carries and every agent expects. */
  public static final String SERVER_NAME = "server.streamfleet.internal";

  private Identities() {}

  /** The node id a node certificate was issued to, if it is one. */
  public static Optional<String> nodeId(X509Certificate cert) {
    return sanValues(cert, 6).stream().filter(u -> u.startsWith(NODE_URI_PREFIX)).map(u -> u.substring(NODE_URI_PREFIX.length())).findFirst();
  }

  public static boolean isServer(X509Certificate cert) {
    return sanValues(cert, 2).contains(SERVER_NAME);
  }

  public static String serialHex(X509Certificate cert) {
    return cert.getSerialNumber().toString(16);
  }

  private static List<String> sanValues(X509Certificate cert, int type) {
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans == null) {
        return List.of();
      }
      return sans.stream().filter(e -> e.size() == 2 && Integer.valueOf(type).equals(e.get(0))).map(e -> String.valueOf(e.get(1))).toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }
}
