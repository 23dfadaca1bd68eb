package io.streamfleet.server.agents;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.streamfleet.protocol.tls.Identities;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The node certificate a caller presented in the TLS handshake (already verified against the
 * cluster CA by the TLS layer), made available to the RPC handlers.
 *
 * @param nodeId the node the certificate was issued to, or null when it is not a node certificate
 */
record PeerCertificate(String nodeId, String serial) {
  static final Context.Key<PeerCertificate> KEY = Context.key("streamfleet-peer-certificate");

  /** The current call's certificate, or null when the caller presented none. */
  static PeerCertificate current() {
    return KEY.get();
  }

  /** Puts the caller's certificate, if any, into the gRPC context of every call. */
  static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        PeerCertificate peer = of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        return peer == null ? next.startCall(call, headers) : Contexts.interceptCall(Context.current().withValue(KEY, peer), call, headers, next);
      }
    };
  }

  private static PeerCertificate of(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return null;
      }
      return new PeerCertificate(Identities.nodeId(leaf).orElse(null), Identities.serialHex(leaf));
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
