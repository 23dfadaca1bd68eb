package io.streamfleet.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code -o table|json} for commands whose request has an {@code output} field of its own (a job's
 * or scenario's output file takes {@code --output}, so the format is {@code -o} or {@code --format}
 * there). Otherwise the same as {@link OutputOptions}.
 */
final class FormatOption {
  @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", description = "Output format: table (default) or json.")
  OutputOptions.Format format = OutputOptions.Format.TABLE;

  boolean json() {
    return format == OutputOptions.Format.JSON;
  }

  /** Prints {@code value} as JSON if that is the chosen format; returns whether it did. */
  boolean printedAsJson(PrintWriter out, Object value) {
    if (json()) {
      OutputOptions.printJson(out, value);
    }
    return json();
  }
}
