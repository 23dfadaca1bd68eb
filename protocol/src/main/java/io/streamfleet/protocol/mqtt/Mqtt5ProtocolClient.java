package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** MQTT 5: clean start with a session that ends with the connection, so nothing persists. */
final class Mqtt5ProtocolClient implements ProtocolClient {
  private final Mqtt5AsyncClient client;

  Mqtt5ProtocolClient(ClientOptions options, RetryingConnectionListener listener) {
    Mqtt5ClientBuilder builder = options.builder(listener).useMqttVersion5();
    if (options.settings().username() != null) {
      Mqtt5SimpleAuthBuilder.Complete auth = Mqtt5SimpleAuth.builder().username(options.settings().username());
      builder = builder.simpleAuth(options.passwordBytes() == null ? auth.build() : auth.password(options.passwordBytes()).build());
    }
    if (options.will() != null) {
      builder = builder.willPublish(Mqtt5Publish.builder().topic(options.will().topic()).qos(MqttQos.AT_LEAST_ONCE)
          .payload(options.will().payload()).retain(options.will().retained()).build());
    }
    this.client = builder.buildAsync();
  }

  @Override
  public MqttVersion version() {
    return MqttVersion.MQTT_5_0;
  }

  @Override
  public void connect() {
    client.connectWith().keepAlive(KEEP_ALIVE_SECONDS).cleanStart(true).sessionExpiryInterval(0).send();
  }

  @Override
  public boolean connected() {
    return client.getState().isConnected();
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
    return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).retain(retained).send()
        .thenApply(result -> null);
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

  @Override
  public CompletableFuture<Void> disconnectWithWill() {
    return client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
  }
}
