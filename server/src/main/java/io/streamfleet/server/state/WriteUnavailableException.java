package io.streamfleet.server.state;

/** A write was not committed in time; the message says why and what to check. */
public final class WriteUnavailableException extends RuntimeException {
  public WriteUnavailableException(String message) {
    super(message);
  }
}
