package io.streamfleet.it;

import io.streamfleet.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs CLI commands in this JVM and captures what they print. */
final class CliRunner {
  record Result(int exitCode, String out, String err) {}

  private final String server;

  CliRunner(String server) {
    this.server = server;
  }

  Result run(String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--server";
    full[args.length + 1] = server;
    return runRaw(full);
  }

  static Result runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
