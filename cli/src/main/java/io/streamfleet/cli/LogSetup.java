package io.streamfleet.cli;

import java.util.Locale;

/**
 * Chooses the log format before the first logger exists (logback reads system properties once,
 * at initialisation): {@code --log-format json|text} anywhere on the command line, or the
 * environment variable STREAMFLEET_LOG_FORMAT. Likewise {@code --log-level}.
 */
final class LogSetup {
  /** Held so the JUL logger (and its level) is not garbage-collected. */
  private static final java.util.logging.Logger GRPC_JUL = java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty.io.grpc");

  private LogSetup() {}

  static void configureFromArgs(String[] args) {
    String format = System.getenv("STREAMFLEET_LOG_FORMAT");
    String level = System.getenv("STREAMFLEET_LOG_LEVEL");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--log-format=")) {
        format = a.substring("--log-format=".length());
      } else if (a.equals("--log-format") && i + 1 < args.length) {
        format = args[i + 1];
      } else if (a.startsWith("--log-level=")) {
        level = a.substring("--log-level=".length());
      } else if (a.equals("--log-level") && i + 1 < args.length) {
        level = args[i + 1];
      }
    }
    // Ratis' shaded gRPC logs through java.util.logging; keep its INFO chatter off the console.
    GRPC_JUL.setLevel(java.util.logging.Level.WARNING);
    if (format != null && format.equalsIgnoreCase("json")) {
      System.setProperty("streamfleet.log.format", "JSON");
    }
    if (level != null) {
      System.setProperty("streamfleet.log.level", level.toUpperCase(Locale.ROOT));
    }
  }
}
