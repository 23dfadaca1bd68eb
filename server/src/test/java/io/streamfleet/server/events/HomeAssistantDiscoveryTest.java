package io.streamfleet.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.AnnounceServer;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.protocol.mqtt.MqttSettings;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.MqttSubscriberProcess;
import io.streamfleet.testing.RequiresProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Home Assistant MQTT discovery against a real Mosquitto. */
@RequiresProgram(value = {"mosquitto", "mosquitto_sub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
class HomeAssistantDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final CommandMeta META = new CommandMeta(1_000, "test", "test");
  private static final String CAMERA = "homeassistant/binary_sensor/streamfleet_motion_cam-1/config";
  @TempDir Path dir;

  @Test
  void camerasAndNodesBecomeEntitiesRepublishedWhenHomeAssistantStartsAndRemovedWhenDeleted() throws Exception {
    StateStore store = new StateStore();
    long index = 1;
    store.apply(new AnnounceServer(META, "s1", "127.0.0.1:7070"), index++);
    store.apply(new RegisterNode(META, "n1", 1, "north", null, "desktop", Resources.of(4000, 4096)), index++);
    store.apply(new CreateStream(META, new StreamSpec("cam-1", "synthetic://cam-1", "motion", "north", Resources.STREAM_DEFAULT, null, 50,
        io.streamfleet.model.HandoverPolicy.OVERLAP, null, null)), index++);
    try (MosquittoBroker broker = MosquittoBroker.start(dir);
         MqttSubscriberProcess configs = MqttSubscriberProcess.start(broker.port(), "homeassistant/binary_sensor/#");
         MqttConnection mqtt = MqttConnection.start(MqttSettings.parse(broker.url()), "ha-test", null, () -> { })) {
      assertThat(mqtt.awaitConnected(WAIT)).isTrue();
      HomeAssistantDiscovery discovery = new HomeAssistantDiscovery(mqtt, new io.streamfleet.protocol.mqtt.MqttTopics("streamfleet"), store);
      discovery.leadershipGained();

      await().atMost(WAIT).until(() -> configs.lines().stream().anyMatch(l -> l.startsWith(CAMERA + " {")));
      String camera = configs.lines().stream().filter(l -> l.startsWith(CAMERA + " {")).findFirst().orElseThrow();
      assertThat(camera).contains("\"state_topic\":\"streamfleet/cam-1/motion\"").contains("\"device_class\":\"motion\"")
          .contains("\"topic\":\"streamfleet/servers/s1/status\"");
      await().atMost(WAIT).until(() -> configs.lines().stream()
          .anyMatch(l -> l.startsWith("homeassistant/binary_sensor/streamfleet_node_n1/config {") && l.contains("connectivity")));

      // Home Assistant restarts and announces itself: everything again.
      long before = configs.lines().stream().filter(l -> l.startsWith(CAMERA + " {")).count();
      mqtt.publish(HomeAssistantDiscovery.STATUS_TOPIC, "online".getBytes(StandardCharsets.UTF_8), false);
      await().atMost(WAIT).until(() -> configs.lines().stream().filter(l -> l.startsWith(CAMERA + " {")).count() > before);

      // A deleted camera's entity is removed: an empty retained config.
      store.apply(new DeleteStream(META, "cam-1"), index);
      await().atMost(WAIT).until(() -> configs.lines().stream().anyMatch(l -> l.startsWith(CAMERA) && !l.contains("{")));
    }
  }
}
