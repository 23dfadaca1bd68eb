package io.streamfleet.server.api;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API's one port: TLS, with plaintext detected rather than left hanging in a handshake, so a
 * client that forgot {@code https://} gets an answer that says so ({@link ApiGuard}) instead of
 * a timeout. Requests that arrive in plaintext never pass the guard.
 */
final class HttpsConnector {
  private HttpsConnector() {}

  static Connector create(Server server, HttpConfiguration httpConfig, SslContextFactory.Server tls, String host, int port) {
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // clients reach servers by address as often as by name
    httpConfig.addCustomizer(secure);
    HttpConnectionFactory http = new HttpConnectionFactory(httpConfig);
    SslConnectionFactory ssl = new SslConnectionFactory(tls, http.getProtocol());
    ServerConnector connector = new ServerConnector(server, new DetectorConnectionFactory(ssl), http);
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}
