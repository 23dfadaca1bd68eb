package io.streamfleet.it;

import static org.awaitility.Awaitility.await;

import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.MqttSubscriberProcess;
import io.streamfleet.testing.RequiresProgram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wildfire seed's brokers as docs/events.md configures them: an agent publishes to its site's
 * Mosquitto, which bridges `streamfleet/#` out to the central broker and `gpio/pump/#` in from it.
 */
@Tag("integration")
@RequiresProgram(value = {"mosquitto", "mosquitto_sub", "mosquitto_pub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
class BridgeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path tmp;

  @Test
  void eventsGoOutToTheCentralBrokerAndPumpCommandsComeIn() throws Exception {
    try (MosquittoBroker central = MosquittoBroker.start(tmp.resolve("central"));
         MosquittoBroker edge = MosquittoBroker.start(tmp.resolve("edge"), String.join("\n",
             "connection central",
             "address 127.0.0.1:" + central.port(),
             "topic streamfleet/# out 1",
             "topic gpio/pump/# in 1",
             "cleansession false",
             "restart_timeout 1"));
         MqttSubscriberProcess atCentral = MqttSubscriberProcess.start(central.port(), "streamfleet/nodes/#");
         MqttSubscriberProcess atEdge = MqttSubscriberProcess.start(edge.port(), "gpio/pump/#");
         ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess agent = new AgentProcess(tmp, "edge-north-1", server, "--zone", "north", "--mqtt", edge.url()).start()) {
      await().atMost(WAIT).until(() -> atCentral.lines().stream()
          .anyMatch(l -> l.startsWith("streamfleet/nodes/edge-north-1/status {") && l.contains("online")));

      // The bridge subscribes at the central broker once connected: publish until it carries one in.
      await().atMost(WAIT).until(() -> {
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(central.port()), "-t", "gpio/pump/pump-01",
            "-m", "ON", "-q", "1").redirectErrorStream(true).start();
        pub.waitFor(10, TimeUnit.SECONDS);
        return atEdge.lines().contains("gpio/pump/pump-01 ON");
      });
    }
  }
}
