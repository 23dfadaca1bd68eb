package io.streamfleet.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** {@code -o table|json} for read commands. */
final class OutputOptions {
  enum Format { TABLE, JSON }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "Output format: table (default) or json.")
  Format format = Format.TABLE;

  boolean json() {
    return format == Format.JSON;
  }

  /** Prints {@code value} as JSON if that is the chosen format; returns whether it did. */
  boolean printedAsJson(PrintWriter out, Object value) {
    if (json()) {
      printJson(out, value);
    }
    return json();
  }

  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
