package io.streamfleet.agent.events;

import io.streamfleet.protocol.mqtt.MqttSettings;

/**
 * Where the agent's processor events go besides the server, and how much it keeps for sinks
 * that are behind.
 *
 * @param outbox the outbox's bounds ({@code --outbox-max-mb}, {@code --outbox-max-age-h})
 * @param mqtt the broker this node's status, and its events, are also published to ({@code --mqtt}),
 *     or null for none
 * @param mqttEvents whether events go to that broker too ({@code --no-mqtt-events}: only the node's
 *     status, when the servers publish the events there already)
 */
public record EventSettings(OutboxLimits outbox, MqttSettings mqtt, boolean mqttEvents) {
  /** Default bounds, server only. */
  public static final EventSettings SERVER_ONLY = new EventSettings(OutboxLimits.DEFAULTS, null, false);

  public EventSettings(OutboxLimits outbox, MqttSettings mqtt) {
    this(outbox, mqtt, true);
  }

  public EventSettings {
    if (outbox == null) {
      throw new IllegalArgumentException("event settings need outbox limits (OutboxLimits.DEFAULTS for the defaults)");
    }
  }
}
