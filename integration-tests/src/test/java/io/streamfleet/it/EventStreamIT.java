package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.streamfleet.client.EventFollower;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Json;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.webhook.WebhookRequest;
import io.streamfleet.server.events.WebhookSink;
import io.streamfleet.testing.CuttableTcpProxy;
import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.MqttSubscriberProcess;
import io.streamfleet.testing.RequiresProgram;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log as users consume it: the live stream, the leader's MQTT publishing, webhooks. */
@Tag("integration")
class EventStreamIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path tmp;

  @Test
  void anEventStreamClientThatReconnectsWithItsLastIdSeesNoGap() throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess agent = new AgentProcess(tmp, "edge-1", server).start()) {
      StreamfleetClient client = server.client();
      await().atMost(WAIT).until(() -> client.nodes().stream().anyMatch(n -> n.state() == NodeState.READY));
      List<EventRecord> seen = new CopyOnWriteArrayList<>();
      EventFollower first = client.followEvents(0L, Map.of(), seen::add);
      for (String cam : List.of("cam-1", "cam-2")) {
        client.createStream(new StreamRequest(cam, "synthetic://" + cam + "?fps=20&width=160&height=90&visit_every_s=2&visit_s=1", "motion",
            null, null, null, null, null, null, null));
      }
      await().atMost(WAIT).until(() -> seen.stream().filter(e -> e.type().equals("processor")).count() >= 4);
      first.close();
      long resumeAfter = first.lastId();
      long lastBefore = client.events(0, Map.of(), 1).lastId();
      await().atMost(WAIT).until(() -> client.events(0, Map.of(), 1).lastId() >= lastBefore + 6); // more happens while away

      EventFollower second = client.followEvents(resumeAfter, Map.of(), seen::add);
      long target = client.events(0, Map.of(), 1).lastId();
      await().atMost(WAIT).until(() -> second.lastId() != null && second.lastId() >= target);
      second.close();

      List<Long> ids = seen.stream().map(EventRecord::id).toList();
      assertThat(ids).as("every id from the first to the last, once each, in order")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, ids.getLast()).boxed().toList());

      List<EventRecord> motion = new CopyOnWriteArrayList<>();
      try (EventFollower filtered = client.followEvents(0L, Map.of("type", "processor", "stream", "cam-2"), motion::add)) {
        await().atMost(WAIT).until(() -> motion.size() >= 2);
      }
      assertThat(motion).allSatisfy(e -> assertThat(e.stream()).isEqualTo("cam-2"));
      assertThat(client.raw("GET", "/api/v1/events?type=bogus", null).statusCode()).isEqualTo(400);
    }
  }

  /**
   * A node cut off from the servers (its processors keep running: edge autonomy) loses its
   * streams to another node at a new epoch. The leader publishes the migration with both epochs'
   * story, and when the old node comes back, the events its zombie instance buffered meanwhile
   * are dropped: the log never takes an event of a superseded epoch.
   */
  @Test
  @RequiresProgram(value = {"mosquitto", "mosquitto_sub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
  void aFailoverPublishesTheMigrationAndTheOldEpochsLateEventsAreDropped() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(tmp.resolve("broker"));
         MqttSubscriberProcess orchestration = MqttSubscriberProcess.start(broker.port(), "streamfleet/orchestration/#");
         ServerProcess server = new ServerProcess(tmp.resolve("server"), "--mqtt", broker.url()).start();
         CuttableTcpProxy link = CuttableTcpProxy.start(server.rpcPort)) {
      AgentProcess a1 = new AgentProcess(tmp, "edge-1", List.of(), server, "127.0.0.1:" + link.port(), "--zone", "north").start();
      AgentProcess a2 = new AgentProcess(tmp, "edge-2", server, "--zone", "south").start();
      try {
        StreamfleetClient client = server.client();
        await().atMost(WAIT).until(() -> client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() == 2);
        client.createStream(new StreamRequest("cam-1", "synthetic://cam-1?fps=20&width=160&height=90&visit_every_s=2&visit_s=1", "motion",
            "north", null, null, null, null, null, null, List.of("*"), null));
        await().atMost(WAIT).until(() -> "edge-1".equals(client.stream("cam-1").status().node())
            && client.stream("cam-1").status().state() == AssignmentState.RUNNING);
        long oldEpoch = client.stream("cam-1").status().epoch();
        await().atMost(WAIT).until(() -> orchestration.lines().stream().anyMatch(l -> l.startsWith("streamfleet/orchestration/assign ")));
        await().atMost(WAIT).until(() -> epochEvents(client, oldEpoch).size() >= 2);

        link.cut();
        await().atMost(WAIT).until(() -> "edge-2".equals(client.stream("cam-1").status().node()));
        long newEpoch = client.stream("cam-1").status().epoch();
        assertThat(newEpoch).isGreaterThan(oldEpoch);
        String prefix = "streamfleet/orchestration/migrate ";
        await().atMost(WAIT).until(() -> orchestration.lines().stream().anyMatch(l -> l.startsWith(prefix) && l.contains("\"to\":\"edge-2\"")));
        JsonNode migrate = Json.mapper().readTree(orchestration.lines().stream()
            .filter(l -> l.startsWith(prefix) && l.contains("\"to\":\"edge-2\"")).findFirst().orElseThrow().substring(prefix.length()));
        assertThat(migrate.get("stream").asText()).isEqualTo("cam-1");
        assertThat(migrate.get("from").asText()).isEqualTo("edge-1");
        assertThat(migrate.get("to").asText()).isEqualTo("edge-2");
        assertThat(migrate.get("epoch").asLong()).isEqualTo(newEpoch);
        long takenOfOld = epochEvents(client, oldEpoch).stream().mapToLong(EventRecord::seq).max().orElseThrow();
        double staleBefore = ServerProcess.metric(client, "streamfleet_events_stale_total");

        // edge-1 keeps running cam-1 at the old epoch, cut off: about 1 event a second goes to its
        // outbox, as many as the new instance on edge-2 produces meanwhile.
        await().atMost(WAIT).until(() -> epochEvents(client, newEpoch).size() >= 4);
        link.heal();
        await().atMost(WAIT).until(() -> client.node("edge-1").state() == NodeState.READY);
        await().atMost(WAIT).until(() -> ServerProcess.metric(client, "streamfleet_agent_outbox_pending{node=\"edge-1\"}") == 0.0);

        String agentLog = a1.logText();
        assertThat(ServerProcess.metric(client, "streamfleet_events_stale_total"))
            .as(() -> "late events of the old epoch were dropped; edge-1's log:\n" + agentLog + "\nevents: " + MqttEventsIT.processorEvents(client))
            .isGreaterThan(staleBefore);
        assertThat(epochEvents(client, oldEpoch)).as("the log took none of them").allSatisfy(e -> assertThat(e.seq()).isLessThanOrEqualTo(takenOfOld));
      } finally {
        a1.close();
        a2.close();
      }
    }
  }

  @Test
  void aWebhookGetsEachSelectedEventSignedAndRetriedUntilTheReceiverTakesIt() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    List<String> badSignatures = new CopyOnWriteArrayList<>();
    AtomicInteger refusals = new AtomicInteger(3); // the receiver is down for its first 3 requests
    String secret = "it-secret-0123456789";
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String timestamp = exchange.getRequestHeaders().getFirst("X-Streamfleet-Timestamp");
      String signature = exchange.getRequestHeaders().getFirst("X-Streamfleet-Signature");
      if (refusals.getAndDecrement() > 0) {
        exchange.sendResponseHeaders(503, -1);
      } else {
        if (!("sha256=" + WebhookSink.signature(secret, timestamp, body)).equals(signature)) {
          badSignatures.add(signature);
        }
        received.add(Json.mapper().readTree(body));
        exchange.sendResponseHeaders(204, -1);
      }
      exchange.close();
    });
    receiver.start();
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess agent = new AgentProcess(tmp, "edge-1", server).start()) {
      StreamfleetClient client = server.client();
      await().atMost(WAIT).until(() -> client.nodes().stream().anyMatch(n -> n.state() == NodeState.READY));
      client.putWebhook(new WebhookRequest("placements", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", secret,
          List.of("assignment", "migration"), null, null, null, null, "test"));
      List<String> cams = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        cams.add("cam-" + i);
        client.createStream(new StreamRequest("cam-" + i, "synthetic://cam-" + i + "?fps=5&width=160&height=90", "motion",
            null, null, null, null, null, null, null));
      }
      await().atMost(WAIT).until(() -> received.size() >= 3);
      assertThat(badSignatures).isEmpty();
      assertThat(received).extracting(e -> e.get("type").asText()).containsOnly("assignment");
      assertThat(received).extracting(e -> e.get("stream").asText()).containsExactlyInAnyOrderElementsOf(cams);
      assertThat(received).extracting(e -> e.get("id").asLong()).isSorted();
      assertThat(refusals.get()).as("the refused attempts were retried").isNegative();
      assertThat(client.raw("GET", "/api/v1/webhooks", null).body()).contains("\"secret\":\"****\"").doesNotContain(secret);
    } finally {
      receiver.stop(0);
    }
  }

  private static List<EventRecord> epochEvents(StreamfleetClient client, long epoch) {
    return MqttEventsIT.processorEvents(client).stream().filter(e -> "cam-1".equals(e.stream()) && e.epoch() == epoch).toList();
  }
}
