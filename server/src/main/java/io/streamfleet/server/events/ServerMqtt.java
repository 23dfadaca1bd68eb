package io.streamfleet.server.events;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.EventsPublished;
import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.server.ServerEvents;
import io.streamfleet.protocol.mqtt.MqttSettings;
import io.streamfleet.protocol.mqtt.MqttWill;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's MQTT side: its availability ({@code {p}/servers/{id}/status}, retained {@code online},
 * the broker's last will {@code offline}) and, while it leads, the delivery of the event log
 * ({@link EventPublisher}).
 */
public final class ServerMqtt implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerMqtt.class);

  private final MqttConnection connection;
  private final LogDelivery publisher;
  private final String statusTopic;
  private final HomeAssistantDiscovery discovery;
  private final String availableTopic;

  private ServerMqtt(MqttConnection connection, LogDelivery publisher, String statusTopic, HomeAssistantDiscovery discovery,
      String availableTopic) {
    this.connection = connection;
    this.publisher = publisher;
    this.statusTopic = statusTopic;
    this.discovery = discovery;
    this.availableTopic = availableTopic;
  }

  public static ServerMqtt start(ServerEvents config, String serverId, StateStore store, EventSignal signal, WritePort writes,
      Clock clock) {
    MqttSettings settings = config.mqtt();
    String topic = settings.topics().serverStatus(serverId);
    byte[] offline = "offline".getBytes(StandardCharsets.UTF_8);
    byte[] online = "online".getBytes(StandardCharsets.UTF_8);
    MqttConnection[] holder = new MqttConnection[1];
    MqttConnection connection = MqttConnection.start(settings, "streamfleet-server-" + serverId, new MqttWill(topic, offline, true), () -> {
      MqttConnection c = holder[0];
      if (c != null) {
        c.publish(topic, online, true);
      }
    });
    holder[0] = connection;
    if (connection.connected()) {
      connection.publish(topic, online, true);
    }
    log.info("MQTT: {} (topic prefix {})", settings.redacted(), settings.topicPrefix());
    LogDelivery publisher = new LogDelivery("mqtt-publisher", store, signal, () -> store.read(s -> s.publishedEventId()), e -> true,
        new EventPublisher(connection, new MqttMessages(settings.topics(), config.frigate())), upTo -> mark(writes, clock, upTo), clock);
    HomeAssistantDiscovery discovery = config.homeAssistantDiscovery()
        ? new HomeAssistantDiscovery(connection, settings.topics(), store) : null;
    return new ServerMqtt(connection, publisher, topic, discovery, config.frigate() ? settings.topics().available() : null);
  }

  private static void mark(WritePort writes, Clock clock, long upTo) {
    try {
      writes.submit(new EventsPublished(new CommandMeta(clock.millis(), "leader", "leader"), upTo));
    } catch (RuntimeException e) {
      log.debug("could not record the published position {}: {}", upTo, e.getMessage());
    }
  }

  public void leadershipGained() {
    publisher.start();
    if (discovery != null) {
      discovery.leadershipGained();
    }
    if (availableTopic != null) {
      // Frigate's availability: the cluster can act while it has a leader. (Nothing marks it
      // offline when every server is gone; each server's own status topic has a last will.)
      connection.publish(availableTopic, "online".getBytes(StandardCharsets.UTF_8), true);
    }
  }

  public void leadershipLost() {
    publisher.stop();
    if (discovery != null) {
      discovery.leadershipLost();
    }
  }

  @Override
  public void close() {
    publisher.stop();
    try {
      connection.publish(statusTopic, "offline".getBytes(StandardCharsets.UTF_8), true).get(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("could not publish offline status: {}", e.getMessage());
    }
    connection.close();
  }
}
