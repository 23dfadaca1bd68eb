package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Json;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.MqttSubscriberProcess;
import io.streamfleet.testing.RequiresProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's MQTT side with real processes and a real Mosquitto: the node's retained status and
 * its last will, and the durable outbox through a broker outage and an agent restart.
 */
@Tag("integration")
@RequiresProgram(value = {"mosquitto", "mosquitto_sub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
class MqttEventsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path tmp;

  @Test
  void anAgentsStatusIsRetainedAndItsLastWillSaysOfflineAfterKill9() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(tmp.resolve("broker"));
         MqttSubscriberProcess status = MqttSubscriberProcess.start(broker.port(), "streamfleet/nodes/+/status");
         ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess agent = new AgentProcess(tmp, "edge-1", server, "--zone", "north", "--mqtt", broker.url()).start()) {
      await().atMost(WAIT).until(() -> status.lines().stream().anyMatch(l -> l.startsWith("streamfleet/nodes/edge-1/status {")
          && l.contains("\"state\":\"online\"") && l.contains("\"zone\":\"north\"")));

      agent.kill(); // kill -9: no goodbye, the broker publishes the will

      await().atMost(WAIT).until(() -> status.lines().contains("streamfleet/nodes/edge-1/status offline"));
      try (MqttSubscriberProcess later = MqttSubscriberProcess.start(broker.port(), "streamfleet/nodes/+/status")) {
        await().atMost(WAIT).until(() -> later.lines().contains("streamfleet/nodes/edge-1/status offline"));
        assertThat(later.lines()).as("retained: a subscriber that comes later sees it").containsExactly("streamfleet/nodes/edge-1/status offline");
      }
    }
  }

  /**
   * The issue's acceptance test: the broker is stopped for a while (about 30 s of events) while
   * synthetic cameras produce motion events, and the agent is killed and restarted meanwhile.
   * Afterwards every event has arrived, in order per stream, exactly once after de-duplication by
   * (stream, epoch, seq): each stream and epoch's numbers are 1, 2, 3... without a gap, and every
   * event the server's log took is among them.
   */
  @Test
  void aBrokerOutageAndAnAgentRestartLoseNoEventAndDoubleNone() throws Exception {
    Path brokerDir = tmp.resolve("broker");
    try (MosquittoBroker broker = MosquittoBroker.start(brokerDir, "persistence true\npersistence_location " + brokerDir.toAbsolutePath() + "/\n");
         MqttSubscriberProcess events = MqttSubscriberProcess.startPersistent(broker.port(), "streamfleet/streams/+/events", "it-events");
         ServerProcess server = new ServerProcess(tmp.resolve("server")).start()) {
      AgentProcess agent = new AgentProcess(tmp, "edge-1", server, "--mqtt", broker.url()).start();
      try {
        StreamfleetClient client = server.client();
        await().atMost(WAIT).until(() -> client.nodes().stream().anyMatch(n -> n.state() == NodeState.READY));
        List<String> cameras = List.of("cam-1", "cam-2", "cam-3", "cam-4"); // about 4 motion events a second in all
        for (String cam : cameras) {
          client.createStream(new StreamRequest(cam, "synthetic://" + cam + "?fps=20&width=160&height=90&visit_every_s=2&visit_s=1", "motion",
              null, null, null, null, null, null, null));
        }
        await().atMost(WAIT).until(() -> processorEvents(client).size() >= 6 && !events.lines().isEmpty());

        broker.stop();
        long atStop = processorEvents(client).size();
        await().atMost(WAIT).until(() -> processorEvents(client).size() >= atStop + 40); // about 10 s of events
        agent.kill();
        agent.start(); // the same data directory: the outbox is still there
        await().atMost(WAIT).until(() -> client.streams().stream().allMatch(s -> s.status().state() == AssignmentState.RUNNING));
        await().atMost(WAIT).until(() -> processorEvents(client).size() >= atStop + 120); // about 30 s of events in all
        broker.restart();

        for (String cam : cameras) {
          client.deleteStream(cam);
        }
        await().atMost(WAIT).until(() -> ServerProcess.metric(client, "streamfleet_agent_outbox_pending{node=\"edge-1\"}") == 0.0);
        List<EventRecord> taken = processorEvents(client);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received(events).keySet())
            .containsAll(taken.stream().map(MqttEventsIT::key).toList()));

        Map<String, List<Long>> byInstance = sequencesByInstance(events);
        assertThat(byInstance.keySet()).as("an instance before and after the restart for each camera").hasSizeGreaterThanOrEqualTo(6);
        byInstance.forEach((instance, seqs) -> assertThat(seqs).as(instance + ": 1, 2, 3... in order, no gap, once each")
            .containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList()));
        assertThat(taken.size()).isGreaterThanOrEqualTo((int) atStop + 120);
      } finally {
        agent.close();
      }
    }
  }

  static List<EventRecord> processorEvents(StreamfleetClient client) {
    List<EventRecord> out = new ArrayList<>();
    long since = 0;
    while (true) {
      var page = client.events(since, Map.of("type", "processor"), 1000);
      out.addAll(page.events());
      if (page.events().isEmpty() || since >= page.lastId()) {
        return out;
      }
      since = page.events().getLast().id();
    }
  }

  private static String key(EventRecord e) {
    return e.stream() + "@" + e.epoch() + "#" + e.seq();
  }

  /** Every event that reached the subscriber, once, by (stream, epoch, seq), with its payload. */
  private static Map<String, JsonNode> received(MqttSubscriberProcess events) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    for (String line : events.lines()) {
      JsonNode e = Json.mapper().readTree(line.substring(line.indexOf(' ') + 1));
      out.putIfAbsent(e.get("stream").asText() + "@" + e.get("epoch").asLong() + "#" + e.get("seq").asLong(), e);
    }
    return out;
  }

  /** Each instance's (stream@epoch) sequence numbers in the order they first arrived. */
  private static Map<String, List<Long>> sequencesByInstance(MqttSubscriberProcess events) throws IOException {
    Map<String, List<Long>> out = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (String line : events.lines()) {
      JsonNode e = Json.mapper().readTree(line.substring(line.indexOf(' ') + 1));
      String instance = e.get("stream").asText() + "@" + e.get("epoch").asLong();
      long seq = e.get("seq").asLong();
      if (seen.add(instance + "#" + seq)) {
        out.computeIfAbsent(instance, i -> new ArrayList<>()).add(seq);
      }
    }
    return out;
  }
}
