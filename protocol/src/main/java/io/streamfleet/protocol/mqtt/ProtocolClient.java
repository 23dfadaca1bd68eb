package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One HiveMQ client speaking one MQTT version. {@link MqttConnection} starts with MQTT 5 and, if
 * the broker refuses it, replaces it once by MQTT 3.1.1; everything version-specific lives behind
 * this interface.
 */
interface ProtocolClient {
  /**
   * Seconds between keep-alive pings on an idle connection. A client that vanishes without closing
   * its connection (power loss, a partition) has its will published after 1.5 times this: 22 s,
   * instead of 90 s with HiveMQ's default of 60.
   */
  int KEEP_ALIVE_SECONDS = 15;

  static ProtocolClient create(MqttVersion version, ClientOptions options, RetryingConnectionListener listener) {
    return version == MqttVersion.MQTT_5_0 ? new Mqtt5ProtocolClient(options, listener) : new Mqtt3ProtocolClient(options, listener);
  }

  MqttVersion version();

  /** Starts connecting with a clean session; the listener retries until a disconnect. */
  void connect();

  boolean connected();

  /**
   * QoS 1; completes on the broker's PUBACK. HiveMQ would queue it while disconnected, so callers
   * check {@link #connected()} first.
   */
  CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained);

  /**
   * QoS 1. Asked for before the first connect, it is sent once connected; HiveMQ renews it after
   * every reconnect (the reconnector's resubscribeIfSessionExpired, on by default).
   */
  CompletableFuture<Void> subscribe(String topicFilter, Consumer<MqttMessage> handler);

  /** Sends DISCONNECT: the broker discards the will. Fails when not connected. */
  CompletableFuture<Void> disconnect();

  /** Disconnects so that the broker publishes the will. Fails when not connected. */
  CompletableFuture<Void> disconnectWithWill();
}
