package io.streamfleet.it;

import io.streamfleet.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs CLI commands in this JVM and captures what they print. */
final class CliRunner {
  record Result(int exitCode, String out, String err) {}

  private final java.util.List<String> connection;

  /** Runs commands against {@code server} with its admin token and CA. */
  CliRunner(ServerProcess server) {
    this.connection = server.cliFlags();
  }

  Result run(String... args) {
    java.util.List<String> full = new java.util.ArrayList<>(java.util.List.of(args));
    full.addAll(connection);
    return runRaw(full.toArray(String[]::new));
  }

  static Result runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
