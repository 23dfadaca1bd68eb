package io.streamfleet.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a server protects itself. Secure by default: TLS on every port, bearer tokens on the API,
 * node certificates for agents. {@code insecure} is the development mode of {@code streamfleet
 * dev}: plaintext and no authentication, refused unless every address is loopback.
 *
 * @param tlsCaDir bring your own CA: a directory with ca.crt and ca.key, copied into the data
 *     directory on first start; null to create one
 * @param tlsSans extra names or addresses for the server certificate (load balancers, DNS)
 * @param nodeCertValidity how long a node certificate is valid; agents renew at two thirds
 * @param rateLimitPerSecond sustained API requests per token
 * @param rateLimitBurst API requests per token at once
 */
public record ServerSecurity(boolean insecure, Path tlsCaDir, List<String> tlsSans, Duration nodeCertValidity, double rateLimitPerSecond,
    int rateLimitBurst) {
  public static final ServerSecurity DEFAULTS = new ServerSecurity(false, null, List.of(), Duration.ofDays(30), 50, 200);

  public ServerSecurity {
    tlsSans = List.copyOf(tlsSans);
  }

  public static ServerSecurity insecureDev() {
    return new ServerSecurity(true, null, List.of(), DEFAULTS.nodeCertValidity, DEFAULTS.rateLimitPerSecond, DEFAULTS.rateLimitBurst);
  }

  void validate() {
    if (nodeCertValidity.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("--node-cert-validity-s must be at least 60 s (agents renew at two thirds of it)");
    }
    if (!(rateLimitPerSecond > 0) || rateLimitBurst < 1) {
      throw new IllegalArgumentException("--rate-limit-per-s must be above 0 and --rate-limit-burst at least 1");
    }
    if (insecure && tlsCaDir != null) {
      throw new IllegalArgumentException("--insecure and --tls-ca-dir contradict each other; drop one");
    }
  }

  static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }
}
