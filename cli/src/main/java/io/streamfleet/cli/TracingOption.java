package io.streamfleet.cli;

import io.streamfleet.protocol.trace.Tracing;
import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --otlp-endpoint} for the server and the agent: where spans go (off unless given). */
final class TracingOption {
  static final String ENV = "OTEL_EXPORTER_OTLP_ENDPOINT";

  @Option(names = "--otlp-endpoint", paramLabel = "URL",
      description = "Export trace spans over OTLP/HTTP to this collector, e.g. http://127.0.0.1:4318 (spans go to /v1/traces under it)."
          + " Also read from $" + ENV + ". Off unless given; the logs carry trace ids either way.")
  String otlpEndpoint;

  /** The collector, or null when none is configured; a malformed value is refused naming the flag. */
  URI endpoint() {
    String value = otlpEndpoint != null ? otlpEndpoint : System.getenv(ENV);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Tracing.parseEndpoint(value);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage() + (otlpEndpoint == null ? " (from $" + ENV + ")" : ""), 2);
    }
  }
}
