package io.streamfleet.protocol.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * A message received on a subscription. {@code retained} is true when the broker replays a
 * retained message because of a new subscription, false for messages published while subscribed.
 */
public record MqttMessage(String topic, byte[] payload, boolean retained) {
  /** The payload as UTF-8 text. */
  public String text() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return topic + " " + text() + (retained ? " (retained)" : "");
  }
}
