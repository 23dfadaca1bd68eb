package io.streamfleet.protocol.mqtt;

import java.util.Optional;

/**
 * The topic names of the MQTT namespace in shared/CONTRACT.md, all under one prefix ({@code {p}}).
 * Every id placed in a topic must be one topic level: non-empty, without {@code /}, {@code +} or
 * {@code #}, so that an id can never publish into another part of the namespace.
 */
public final class MqttTopics {
  public static final String DEFAULT_PREFIX = "streamfleet";

  private final String prefix;

  /** @throws IllegalArgumentException if the prefix is empty, has a wildcard or a leading or trailing '/' */
  public MqttTopics(String prefix) {
    prefixProblem(prefix).ifPresent(problem -> {
      throw new IllegalArgumentException("topic prefix '" + prefix + "' " + problem);
    });
    this.prefix = prefix;
  }

  /** Why {@code prefix} cannot be a topic prefix, or empty if it can. */
  static Optional<String> prefixProblem(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return Optional.of("is empty; use for example " + DEFAULT_PREFIX);
    }
    if (prefix.contains("+") || prefix.contains("#")) {
      return Optional.of("contains a wildcard ('+' or '#'), which topic names cannot contain; remove it");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/")) {
      return Optional.of("starts or ends with '/'; write a/b, not /a/b/");
    }
    return Optional.empty();
  }

  public String prefix() {
    return prefix;
  }

  /** Retained JSON status of a node; its last will is "offline". */
  public String nodeStatus(String nodeId) {
    return prefix + "/nodes/" + level(nodeId, "node id") + "/status";
  }

  /** Retained status of a server; its last will is "offline". */
  public String serverStatus(String serverId) {
    return prefix + "/servers/" + level(serverId, "server id") + "/status";
  }

  public String orchestrationAssign() {
    return prefix + "/orchestration/assign";
  }

  public String orchestrationMigrate() {
    return prefix + "/orchestration/migrate";
  }

  public String streamEvents(String streamId) {
    return prefix + "/streams/" + level(streamId, "stream id") + "/events";
  }

  /** A stream's health (degraded, recovered), retained so a dashboard sees the latest at once. */
  public String streamHealth(String streamId) {
    return prefix + "/streams/" + level(streamId, "stream id") + "/health";
  }

  public String alerts(String ruleId) {
    return prefix + "/alerts/" + level(ruleId, "rule id");
  }

  /** Frigate-style availability ("online"/"offline"). */
  public String available() {
    return prefix + "/available";
  }

  /** Frigate-style event stream. */
  public String frigateEvents() {
    return prefix + "/events";
  }

  /** Frigate-style motion state of a camera ("ON"/"OFF"). */
  public String motion(String camera) {
    return prefix + "/" + level(camera, "camera name") + "/motion";
  }

  /** A subscription filter for every topic of this namespace (e.g. for {@code mosquitto_sub -t}). */
  public String all() {
    return prefix + "/#";
  }

  private static String level(String value, String what) {
    if (value == null || value.isEmpty() || value.contains("/") || value.contains("+") || value.contains("#")) {
      throw new IllegalArgumentException(what + " '" + value + "' cannot be one MQTT topic level: it must be non-empty and"
          + " contain no '/', '+' or '#'");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MqttTopics other && prefix.equals(other.prefix);
  }

  @Override
  public int hashCode() {
    return prefix.hashCode();
  }

  @Override
  public String toString() {
    return "MqttTopics[" + prefix + "]";
  }
}
