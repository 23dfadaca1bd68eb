package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import java.nio.charset.StandardCharsets;

/**
 * What the MQTT 5 and the MQTT 3.1.1 client of one {@link MqttConnection} share. {@code tls} is
 * null without TLS; {@code will} may be null.
 */
record ClientOptions(MqttSettings settings, String clientId, MqttWill will, MqttClientSslConfig tls) {
  static ClientOptions of(MqttSettings settings, String clientId, MqttWill will) {
    return new ClientOptions(settings, clientId, will, MqttTls.sslConfig(settings));
  }

  /** A HiveMQ builder with identifier, address, TLS and the listener set; the version comes next. */
  MqttClientBuilder builder(RetryingConnectionListener listener) {
    return MqttClient.builder()
        .identifier(clientId)
        .serverHost(settings.host())
        .serverPort(settings.port())
        .sslConfig(tls)
        .addConnectedListener(listener)
        .addDisconnectedListener(listener);
  }

  byte[] passwordBytes() {
    return settings.password() == null ? null : settings.password().getBytes(StandardCharsets.UTF_8);
  }
}
