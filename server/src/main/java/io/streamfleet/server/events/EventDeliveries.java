package io.streamfleet.server.events;

import io.streamfleet.server.ServerEvents;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.time.Clock;

/**
 * Where the event log goes besides the API, as one thing to start and stop: the MQTT broker
 * (when configured) and the webhooks of the replicated state. Both deliver only while this
 * server leads; every server keeps its MQTT availability status.
 */
public final class EventDeliveries implements AutoCloseable {
  private final ServerMqtt mqtt;
  private final WebhookDeliveries webhooks;

  private EventDeliveries(ServerMqtt mqtt, WebhookDeliveries webhooks) {
    this.mqtt = mqtt;
    this.webhooks = webhooks;
  }

  public static EventDeliveries start(ServerEvents config, String serverId, StateStore store, EventSignal signal, WritePort writes,
      Clock clock) {
    ServerMqtt mqtt = config.mqtt() == null ? null : ServerMqtt.start(config, serverId, store, signal, writes, clock);
    return new EventDeliveries(mqtt, new WebhookDeliveries(store, signal, writes, clock));
  }

  public void leadershipGained() {
    if (mqtt != null) {
      mqtt.leadershipGained();
    }
    webhooks.leadershipGained();
  }

  public void leadershipLost() {
    if (mqtt != null) {
      mqtt.leadershipLost();
    }
    webhooks.leadershipLost();
  }

  public WebhookDeliveries webhooks() {
    return webhooks;
  }

  @Override
  public void close() {
    webhooks.close();
    if (mqtt != null) {
      mqtt.close();
    }
  }
}
