package io.streamfleet.server;

/** The server cannot start; the message says why and what to do. Nothing was changed on disk. */
public final class StartupException extends Exception {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
