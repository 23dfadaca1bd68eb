package io.streamfleet.protocol.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttVersion;
import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.MqttSubscriberProcess;
import io.streamfleet.testing.RequiresProgram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a broker that refuses MQTT 5 (a {@link Mqtt311OnlyProxy} in front of mosquitto). */
@RequiresProgram(value = {"mosquitto", "mosquitto_sub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
class MqttVersionFallbackTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @Test
  void aBrokerThatRefusesMqtt5GetsMqtt311WithSubscriptionsPublishesAndTheWill() throws Exception {
    AtomicInteger connects = new AtomicInteger();
    try (MosquittoBroker broker = MosquittoBroker.start(dir);
        Mqtt311OnlyProxy proxy = Mqtt311OnlyProxy.start(broker.port());
        MqttSubscriberProcess subscriber = MqttSubscriberProcess.start(broker.port(), "fallback/#");
        MqttConnection connection = MqttConnection.start(MqttSettings.parse("tcp://127.0.0.1:" + proxy.port()), "fallback-n1",
            new MqttWill("fallback/nodes/n1/status", "offline".getBytes(UTF_8), true), connects::incrementAndGet)) {
      assertThat(connection.awaitConnected(WAIT)).isTrue();
      List<MqttMessage> received = MqttConnectionTest.subscribed(connection, "fallback/in/#");

      assertThat(connection.version()).isEqualTo(MqttVersion.MQTT_3_1_1);
      assertThat(proxy.refusedMqtt5()).isEqualTo(1);
      await().atMost(WAIT).until(() -> connects.get() == 1);

      connection.publish("fallback/nodes/n1/status", "online".getBytes(UTF_8), true).get(5, TimeUnit.SECONDS);
      connection.publish("fallback/in/echo", "hi".getBytes(UTF_8), false).get(5, TimeUnit.SECONDS);
      await().atMost(WAIT).untilAsserted(() -> assertThat(received).extracting(MqttMessage::toString).contains("fallback/in/echo hi"));

      connection.closeWithWill();

      await().atMost(WAIT).untilAsserted(() -> assertThat(subscriber.lines())
          .contains("fallback/nodes/n1/status online", "fallback/nodes/n1/status offline"));
      assertThat(proxy.refusedMqtt5()).as("stays on 3.1.1").isEqualTo(1);
    }
  }

  /** Moquette 0.17 (the dev cluster's embedded broker) closes an MQTT 5 CONNECT without answering. */
  @Test
  void aBrokerThatClosesMqtt5ConnectsUnansweredGetsMqtt311() throws Exception {
    java.util.Properties p = new java.util.Properties();
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    p.setProperty("host", "127.0.0.1");
    p.setProperty("port", Integer.toString(port));
    p.setProperty("allow_anonymous", "true");
    p.setProperty("persistence_enabled", "false");
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("websocket_port", "disabled");
    p.setProperty("data_path", dir.toString());
    io.moquette.broker.Server moquette = new io.moquette.broker.Server();
    moquette.startServer(new io.moquette.broker.config.MemoryConfig(p));
    try (MqttConnection connection = MqttConnection.start(MqttSettings.parse("tcp://127.0.0.1:" + port), "fallback-moquette", null,
        () -> { })) {
      assertThat(connection.awaitConnected(WAIT)).isTrue();
      assertThat(connection.version()).isEqualTo(MqttVersion.MQTT_3_1_1);
      List<MqttMessage> received = MqttConnectionTest.subscribed(connection, "moquette/#");
      await().atMost(WAIT).until(() -> {
        MqttConnectionTest.publishUnlessDisconnected(connection, "moquette/echo");
        return received.stream().anyMatch(m -> m.topic().equals("moquette/echo"));
      });
    } finally {
      moquette.stopServer();
    }
  }
}
