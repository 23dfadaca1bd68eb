package io.streamfleet.server;

import io.streamfleet.protocol.mqtt.MqttSettings;

/**
 * Where a server sends the event log besides its API.
 *
 * @param mqtt the broker (the leader publishes the log there; every server its availability), or
 *     null for none
 * @param frigate also publish in Frigate's conventions ({@code {p}/{camera}/motion},
 *     {@code {p}/events}, {@code {p}/available})
 * @param homeAssistantDiscovery publish Home Assistant MQTT discovery configs
 */
public record ServerEvents(MqttSettings mqtt, boolean frigate, boolean homeAssistantDiscovery) {
  public static final ServerEvents NONE = new ServerEvents(null, false, false);

  public ServerEvents(MqttSettings mqtt) {
    this(mqtt, false, false);
  }
}
