package io.streamfleet.server.api;

import io.streamfleet.server.security.Authenticator;
import java.security.SecureRandom;
import java.util.function.Supplier;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * How the HTTP API protects itself.
 *
 * @param authenticator checks bearer tokens; null in the development mode (everything allowed)
 * @param tls the HTTPS key material; null for plaintext (development mode)
 * @param caPin the pin join tokens carry; null without TLS
 * @param ca the cluster CA, shared with servers that join with a token; null without TLS
 */
public record ApiSecurity(Authenticator authenticator, SslContextFactory.Server tls, Supplier<String> caPin, double ratePerSecond,
    int burst, SecureRandom random, io.streamfleet.server.security.ClusterCa ca) {

  public static ApiSecurity development() {
    return new ApiSecurity(null, null, () -> null, 1000, 1000, new SecureRandom(), null);
  }
}
