package io.streamfleet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresProgram(value = {"mosquitto", "mosquitto_sub", "mosquitto_pub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
class MosquittoBrokerTest {
  @TempDir
  Path dir;

  @Test
  void aSubscriberSeesWhatIsPublishedAndTheBrokerComesBackOnTheSamePort() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir)) {
      assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
      try (MqttSubscriberProcess subscriber = MqttSubscriberProcess.start(broker.port(), "fixture/#")) {
        publish(broker.port(), "fixture/a", "hello");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(subscriber.lines()).containsExactly("fixture/a hello"));
      }

      int port = broker.port();
      broker.restart();
      assertThat(broker.port()).isEqualTo(port);
      try (MqttSubscriberProcess subscriber = MqttSubscriberProcess.start(broker.port(), "fixture/#", true)) {
        publish(broker.port(), "fixture/b", "again");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(subscriber.lines()).containsExactly("fixture/b again"));
      }
      assertThat(broker.log()).contains("mosquitto version").contains("Opening ipv4 listen socket on port " + port);

      broker.kill();
      assertThat(broker.running()).isFalse();
    }
  }

  private static void publish(int port, String topic, String payload) throws IOException, InterruptedException {
    Process publisher = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", topic, "-m", payload,
        "-q", "1").redirectErrorStream(true).start();
    assertThat(publisher.waitFor()).as(new String(publisher.getInputStream().readAllBytes())).isZero();
  }
}
