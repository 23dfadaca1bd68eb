package io.streamfleet.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.agent.mqtt.AgentBrokerLink;
import io.streamfleet.agent.mqtt.NodeStatus;
import io.streamfleet.model.Json;
import io.streamfleet.protocol.mqtt.MqttSettings;
import io.streamfleet.testing.CuttableTcpProxy;
import io.streamfleet.testing.ManualClock;
import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.MqttSubscriberProcess;
import io.streamfleet.testing.RequiresProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT sink end to end against Mosquitto: the agent's side (outbox, pump, sink, broker link)
 * reaches the broker through a proxy that can cut it off, while an independent subscriber
 * (mosquitto_sub) stays connected and sees everything the broker publishes.
 */
@Tag("integration")
@RequiresProgram(value = {"mosquitto", "mosquitto_sub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
class MqttEventDeliveryIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path brokerDir;
  static MosquittoBroker broker;

  @TempDir
  Path dataDir;
  private String prefix;
  private CuttableTcpProxy proxy;
  private MqttSubscriberProcess subscriber;
  private final List<AgentSide> agents = new ArrayList<>();

  /** What the agent runs for MQTT events: its outbox, the broker link and the sink's pump. */
  private record AgentSide(EventOutbox outbox, AgentBrokerLink link, OutboxPump pump) {
    void close() {
      pump.close();
      outbox.close();
      link.close();
    }
  }

  @BeforeAll
  static void startBroker() {
    broker = MosquittoBroker.start(brokerDir);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void connect(TestInfo test) throws IOException {
    prefix = "it-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
    proxy = CuttableTcpProxy.start(broker.port());
    subscriber = MqttSubscriberProcess.start(broker.port(), prefix + "/#");
  }

  @AfterEach
  void disconnect() throws IOException {
    agents.forEach(AgentSide::close);
    subscriber.close();
    proxy.close();
  }

  private AgentSide startAgent() throws IOException {
    EventOutbox outbox = EventOutbox.open(dataDir.resolve("events"), "node-1", List.of(MqttEventSink.NAME), OutboxLimits.DEFAULTS,
        new ManualClock(0));
    AgentBrokerLink link = AgentBrokerLink.start(MqttSettings.parse("tcp://127.0.0.1:" + proxy.port() + "?prefix=" + prefix),
        new NodeStatus("node-1", "site-a", "0.1.0", 5));
    MqttEventSink sink = new MqttEventSink(link.topics(), MqttEventSink.Publisher.of(link.connection()));
    link.whenConnected(sink::reconnected);
    AgentSide agent = new AgentSide(outbox, link, OutboxPump.start(outbox, sink, OutboxPump.DEFAULT_WINDOW, failures -> Duration.ofMillis(50)));
    agents.add(agent);
    return agent;
  }

  private static void append(EventOutbox outbox, int count) {
    for (int i = 0; i < count; i++) {
      outbox.append(i % 2 == 0 ? "cam-1" : "cam-2", 1, "motion_start", 0, "{\"i\":" + i + "}");
    }
  }

  private String statusLine(String payload) {
    return prefix + "/nodes/node-1/status " + payload;
  }

  /** Each stream's sequence numbers in the order they first reached the subscriber, duplicates removed by (stream, epoch, seq). */
  private Map<String, List<Long>> eventsByStream() throws IOException {
    Map<String, List<Long>> out = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (String line : subscriber.lines()) {
      if (!line.startsWith(prefix + "/streams/")) {
        continue;
      }
      JsonNode e = Json.mapper().readTree(line.substring(line.indexOf(' ') + 1));
      if (seen.add(e.get("stream").asText() + "@" + e.get("epoch").asLong() + "#" + e.get("seq").asLong())) {
        out.computeIfAbsent(e.get("stream").asText(), s -> new ArrayList<>()).add(e.get("seq").asLong());
      }
    }
    return out;
  }

  @Test
  void everyEventArrivesOnceDeDuplicatedInOrderPerStreamThroughAnOutageAndAnAgentKill() throws IOException {
    AgentSide first = startAgent();
    String online = statusLine("{\"state\":\"online\",\"node\":\"node-1\",\"zone\":\"site-a\",\"agent_version\":\"0.1.0\",\"since_ms\":5}");
    await().atMost(WAIT).until(() -> subscriber.lines().contains(online));
    append(first.outbox(), 10);
    await().atMost(WAIT).until(() -> first.outbox().cursor(MqttEventSink.NAME) == 10);

    proxy.cut(); // the broker is unreachable
    append(first.outbox(), 10);
    await().atMost(WAIT).until(() -> subscriber.lines().contains(statusLine("offline"))); // the will
    // kill -9: the events are on disk, the cursor file may be behind (here: as far behind as it gets)
    agents.remove(first);
    first.close();
    Files.writeString(dataDir.resolve("events").resolve("cursor-" + MqttEventSink.NAME), "0\n");
    proxy.heal();
    AgentSide second = startAgent();
    append(second.outbox(), 10);

    await().atMost(WAIT).until(() -> second.outbox().cursor(MqttEventSink.NAME) == 30);
    await().atMost(WAIT).until(() -> eventsByStream().values().stream().mapToInt(List::size).sum() == 30);
    List<Long> oneToFifteen = LongStream.rangeClosed(1, 15).boxed().toList();
    assertThat(eventsByStream()).containsExactly(Map.entry("cam-1", oneToFifteen), Map.entry("cam-2", oneToFifteen));
    assertThat(subscriber.lines()).filteredOn(online::equals).as("online again after the restart").hasSize(2);
  }

  @Test
  void aCleanStopLeavesTheNodeOffline() throws IOException {
    AgentSide agent = startAgent();
    await().atMost(WAIT).until(() -> subscriber.lines().stream().anyMatch(l -> l.startsWith(statusLine("{"))));

    agents.remove(agent);
    agent.close();

    await().atMost(WAIT).until(() -> subscriber.lines().contains(statusLine("offline")));
  }
}
