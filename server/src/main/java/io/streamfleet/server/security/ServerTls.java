package io.streamfleet.server.security;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.streamfleet.protocol.tls.GrpcTls;
import io.streamfleet.protocol.tls.TlsIdentity;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import javax.net.ssl.SSLException;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * This server's TLS: the cluster CA and a server certificate issued at start (so its names always
 * match the current configuration), turned into what each transport wants: Jetty for the REST
 * API, grpc-java for agents, Ratis for the other servers (mutual).
 */
public final class ServerTls {
  private final ClusterCa ca;
  private final TlsIdentity identity;

  public ServerTls(ClusterCa ca, TlsIdentity identity) {
    this.ca = ca;
    this.identity = identity;
  }

  public ClusterCa ca() {
    return ca;
  }

  public TlsIdentity identity() {
    return identity;
  }

  /** The CA pin join tokens carry. */
  public String caPin() {
    return GrpcTls.pin(ca.certificate());
  }

  public SslContext agentRpc() throws SSLException {
    return GrpcTls.server(identity);
  }

  /** Raft between servers: both ends present certificates of this CA. */
  public GrpcTlsConfig raft() {
    return new GrpcTlsConfig(identity.key(), identity.certificate(), ca.certificate(), true);
  }

  public SslContextFactory.Server jetty() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] password = "in-memory".toCharArray();
      ks.setKeyEntry("server", identity.key(), password, identity.chain().toArray(Certificate[]::new));
      SslContextFactory.Server f = new SslContextFactory.Server();
      f.setKeyStore(ks);
      f.setKeyStorePassword(new String(password));
      f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      return f;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the HTTPS key store: " + e.getMessage(), e);
    }
  }
}
