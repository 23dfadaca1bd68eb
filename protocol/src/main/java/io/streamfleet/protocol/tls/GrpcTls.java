package io.streamfleet.protocol.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/** TLS contexts for the agent RPC (grpc-java over shaded Netty). */
public final class GrpcTls {
  private GrpcTls() {}

  /**
   * The server side: presents the server certificate (with the CA, so that a joining agent can
   * check its pin) and asks for a client certificate without requiring one, because a joining
   * agent has none yet; the session RPC refuses callers without one.
   */
  public static SslContext server(TlsIdentity id) throws SSLException {
    X509Certificate[] chain = chainWithCa(id);
    return GrpcSslContexts.configure(SslContextBuilder.forServer(id.key(), chain)).trustManager(id.ca()).clientAuth(ClientAuth.OPTIONAL).build();
  }

  /** An agent with its node certificate: trusts only servers of its cluster CA. */
  public static SslContext client(TlsIdentity id) throws SSLException {
    return GrpcSslContexts.forClient().keyManager(id.key(), id.chain().toArray(X509Certificate[]::new)).trustManager(id.ca()).build();
  }

  /**
   * An agent that holds only a join token: trusts a server whose chain contains the CA with the
   * token's pin and whose certificate is a server certificate of that CA.
   */
  public static SslContext pinned(String caPin) throws SSLException {
    return GrpcSslContexts.forClient().trustManager(new PinnedTrust(caPin)).build();
  }

  private static X509Certificate[] chainWithCa(TlsIdentity id) {
    X509Certificate[] chain = id.chain().toArray(X509Certificate[]::new);
    if (chain[chain.length - 1].equals(id.ca())) {
      return chain;
    }
    X509Certificate[] withCa = Arrays.copyOf(chain, chain.length + 1);
    withCa[chain.length] = id.ca();
    return withCa;
  }

  /** Trust by the SHA-256 pin of the CA certificate (as in kubeadm's discovery hash). */
  static final class PinnedTrust implements X509TrustManager {
    private final String pin;

    PinnedTrust(String pin) {
      this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      X509Certificate ca = Arrays.stream(chain).filter(c -> pin.equals(pinOf(c))).findFirst()
          .orElseThrow(() -> new CertificateException("the server's CA does not match the join token's pin; is this the right cluster?"));
      X509Certificate leaf = chain[0];
      try {
        leaf.verify(ca.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new CertificateException("the server certificate is not signed by the pinned CA", e);
      }
      leaf.checkValidity();
      if (!Identities.isServer(leaf)) {
        throw new CertificateException("the peer's certificate is not a Streamfleet server certificate");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    static String pinOf(X509Certificate c) {
      try {
        byte[] der = c.getEncoded();
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(der));
      } catch (GeneralSecurityException e) {
        return "";
      }
    }
  }

  /** Trust by CA pin for other TLS clients (a server joining the cluster over HTTPS). */
  public static X509TrustManager pinnedTrustManager(String caPin) {
    return new PinnedTrust(caPin);
  }

  /** The pin of a CA certificate, as join tokens carry it. */
  public static String pin(X509Certificate ca) {
    return PinnedTrust.pinOf(ca);
  }
}
