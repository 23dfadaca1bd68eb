package io.streamfleet.server;

import io.streamfleet.protocol.mqtt.MqttSettings;

/**
 * Where a server sends the event log besides its API.
 *
 * @param mqtt the broker (the leader publishes the log there; every server its availability), or
 *     null for none
 */
public record ServerEvents(MqttSettings mqtt) {
  public static final ServerEvents NONE = new ServerEvents(null);
}
