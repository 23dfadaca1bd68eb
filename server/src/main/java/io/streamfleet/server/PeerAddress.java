package io.streamfleet.server;

import io.streamfleet.model.Ids;
import java.util.ArrayList;
import java.util.List;

/** One control-plane member as given in {@code --peers id=host:raftPort}. */
public record PeerAddress(String id, String host, int port) {
  public String address() {
    return host + ":" + port;
  }

  /**
   * Parses {@code id=host:port,id=host:port,...}.
   *
   * @throws IllegalArgumentException naming the bad entry and the expected form
   */
  public static List<PeerAddress> parseList(String text) {
    List<PeerAddress> out = new ArrayList<>();
    for (String entry : text.split(",")) {
      String e = entry.trim();
      int eq = e.indexOf('=');
      int colon = e.lastIndexOf(':');
      if (eq <= 0 || colon < eq + 2) {
        throw new IllegalArgumentException("--peers entry '" + e + "' is not of the form id=host:raftPort (e.g. s1=10.0.0.1:7071)");
      }
      String id = e.substring(0, eq);
      if (!Ids.isValid(id)) {
        throw new IllegalArgumentException("--peers id '" + id + "' is invalid; " + Ids.RULE);
      }
      int port;
      try {
        port = Integer.parseInt(e.substring(colon + 1));
      } catch (NumberFormatException ex) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--peers entry '" + e + "' has an invalid port; use 1-65535");
      }
      if (out.stream().anyMatch(p -> p.id().equals(id))) {
        throw new IllegalArgumentException("--peers lists '" + id + "' twice");
      }
      out.add(new PeerAddress(id, e.substring(eq + 1, colon), port));
    }
    return out;
  }
}
