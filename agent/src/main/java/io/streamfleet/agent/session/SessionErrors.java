package io.streamfleet.agent.session;

import io.grpc.Status;

/** Turns a failed session into a line an operator can act on (TLS problems especially). */
final class SessionErrors {
  private SessionErrors() {}

  /** @param plaintext whether this agent connects without TLS (--insecure) */
  static String describe(Throwable t, boolean plaintext) {
    Status s = Status.fromThrowable(t);
    String detail = s.getDescription() == null ? "" : s.getDescription();
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (c instanceof javax.net.ssl.SSLException || m.contains("SSL") || m.contains("certificate")) {
        return "TLS failed (" + m + "); check that the agent's certificate and the server belong to the same cluster CA,"
            + " or that a plaintext (--insecure) agent is not talking to a TLS server or the other way round";
      }
    }
    String line = s.getCode() + (detail.isEmpty() ? "" : ": " + detail);
    if (plaintext && s.getCode() == Status.Code.UNAVAILABLE) {
      line += " (this agent speaks plaintext, --insecure; servers outside `streamfleet dev` speak TLS only: drop --insecure and join with --join-token)";
    }
    return line;
  }
}
