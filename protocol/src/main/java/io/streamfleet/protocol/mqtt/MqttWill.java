package io.streamfleet.protocol.mqtt;

import java.util.Objects;

/**
 * A message the broker delivers when the client disappears without disconnecting (QoS 1), for
 * example {@code "offline"} on a node's retained status topic.
 */
public record MqttWill(String topic, byte[] payload, boolean retained) {
  public MqttWill {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }
}
