package io.streamfleet.agent.hardware;

import java.util.Locale;

/** The kind of machine a node is; placement and defaults may differ between them. */
public enum NodeClass {
  LAPTOP,
  DESKTOP,
  SERVER;

  /** The name used on the wire and in labels: {@code "laptop"}, {@code "desktop"}, {@code "server"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
