package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** MQTT 3.1.1, for brokers that refuse MQTT 5: clean session, nothing persists. */
final class Mqtt3ProtocolClient implements ProtocolClient {
  private final Mqtt3AsyncClient client;

  Mqtt3ProtocolClient(ClientOptions options, RetryingConnectionListener listener) {
    Mqtt3ClientBuilder builder = options.builder(listener).useMqttVersion3();
    if (options.settings().username() != null) {
      Mqtt3SimpleAuthBuilder.Complete auth = Mqtt3SimpleAuth.builder().username(options.settings().username());
      builder = builder.simpleAuth(options.passwordBytes() == null ? auth.build() : auth.password(options.passwordBytes()).build());
    }
    if (options.will() != null) {
      builder = builder.willPublish(Mqtt3Publish.builder().topic(options.will().topic()).qos(MqttQos.AT_LEAST_ONCE)
          .payload(options.will().payload()).retain(options.will().retained()).build());
    }
    this.client = builder.buildAsync();
  }

  @Override
  public MqttVersion version() {
    return MqttVersion.MQTT_3_1_1;
  }

  @Override
  public void connect() {
    client.connectWith().keepAlive(KEEP_ALIVE_SECONDS).cleanSession(true).send();
  }

  @Override
  public boolean connected() {
    return client.getState().isConnected();
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
    return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).retain(retained).send()
        .thenApply(published -> null);
  }

  @Override
  public CompletableFuture<Void> subscribe(String topicFilter, Consumer<MqttMessage> handler) {
    return client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE)
        .callback(publish -> handler.accept(
            new MqttMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.isRetain())))
        .send()
        .thenApply(subAck -> null);
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return client.disconnect();
  }

  /**
   * MQTT 3.1.1 has no "disconnect with will": a broker publishes the will when the connection ends
   * without DISCONNECT. HiveMQ's public API always sends DISCONNECT, so this closes the network
   * channel behind the connection (HiveMQ 1.3.x internal {@code MqttClientConnectionConfig.getChannel()},
   * reached by reflection because Netty is only a runtime dependency). MqttConnectionTest pins this.
   */
  @Override
  public CompletableFuture<Void> disconnectWithWill() {
    Object connection = client.getConfig().getConnectionConfig().orElse(null);
    if (connection == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    try {
      Object channel = connection.getClass().getMethod("getChannel").invoke(connection);
      channel.getClass().getMethod("close").invoke(channel);
      return CompletableFuture.completedFuture(null);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      return CompletableFuture.failedFuture(new IllegalStateException(
          "cannot drop the MQTT 3.1.1 connection to fire the will (has the HiveMQ client changed?): " + cause, cause));
    }
  }
}
