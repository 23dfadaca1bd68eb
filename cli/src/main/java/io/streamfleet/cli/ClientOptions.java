package io.streamfleet.cli;

import io.streamfleet.client.ClientCredentials;
import io.streamfleet.client.StreamfleetClient;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the server is and how to talk to it, for commands that call the API. Each setting comes
 * from its flag, else its environment variable, else the config file ({@code
 * $STREAMFLEET_CONFIG}, default {@code ~/.config/streamfleet/config}: {@code server=},
 * {@code token=}, {@code ca_cert=} lines).
 */
final class ClientOptions {
  @Option(names = "--server", paramLabel = "URL", description = "Server address (default: $STREAMFLEET_ADDR, the config file, or http://127.0.0.1:8080).")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "API token (default: $STREAMFLEET_TOKEN or the config file). Not needed for `streamfleet dev`.")
  String token;

  @Option(names = "--ca-cert", paramLabel = "FILE", description = "CA certificate that signed the server's (default: $STREAMFLEET_CA_CERT or the config file; a server's is DATA/tls/ca.crt).")
  Path caCert;

  StreamfleetClient client() {
    Properties file = configFile();
    String address = first(server, System.getenv("STREAMFLEET_ADDR"), file.getProperty("server"), StreamfleetClient.DEFAULT_ADDRESS);
    if (!address.contains("://")) {
      address = "http://" + address;
    }
    URI uri;
    try {
      uri = URI.create(address);
    } catch (IllegalArgumentException e) {
      throw new CliException("--server '" + address + "' is not a URL; use e.g. https://10.0.0.1:8080", 2);
    }
    String tokenText = first(token, System.getenv("STREAMFLEET_TOKEN"), file.getProperty("token"), null);
    String ca = first(caCert == null ? null : caCert.toString(), System.getenv("STREAMFLEET_CA_CERT"), file.getProperty("ca_cert"), null);
    try {
      return new StreamfleetClient(uri, new ClientCredentials(tokenText == null ? null : tokenText.trim(),
          ca == null ? null : ClientCredentials.trusting(Path.of(ca))));
    } catch (IOException e) {
      throw new CliException("cannot use the CA certificate " + ca + ": " + e.getMessage(), 2);
    }
  }

  private static Properties configFile() {
    String env = System.getenv("STREAMFLEET_CONFIG");
    Path path = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".config", "streamfleet", "config");
    Properties p = new Properties();
    if (Files.isRegularFile(path)) {
      try (Reader r = Files.newBufferedReader(path)) {
        p.load(r);
      } catch (IOException e) {
        throw new CliException("cannot read the config file " + path + ": " + e.getMessage(), 2);
      }
    }
    return p;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
