package io.streamfleet.cli;

import io.streamfleet.client.StreamfleetClient;
import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --server URL} (or STREAMFLEET_ADDR) for commands that talk to a running server. */
final class ClientOptions {
  @Option(names = "--server", paramLabel = "URL", description = "Server address (default: $STREAMFLEET_ADDR or http://127.0.0.1:8080).")
  String server;

  StreamfleetClient client() {
    String address = server != null ? server : System.getenv("STREAMFLEET_ADDR");
    if (address == null || address.isBlank()) {
      address = StreamfleetClient.DEFAULT_ADDRESS;
    }
    if (!address.contains("://")) {
      address = "http://" + address;
    }
    URI uri;
    try {
      uri = URI.create(address);
    } catch (IllegalArgumentException e) {
      throw new CliException("--server '" + address + "' is not a URL; use e.g. http://127.0.0.1:8080", 2);
    }
    return new StreamfleetClient(uri);
  }
}
