package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.client.EventFollower;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Json;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.rule.RuleRequest;
import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.MqttSubscriberProcess;
import io.streamfleet.testing.RequiresProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wildfire seed's zone consensus with real processes: cameras report "fire" (an exec
 * processor that reports one detection each time the test drops a trigger file for its camera),
 * the leader decides, and the pump's topic gets exactly one start per firing.
 */
@Tag("integration")
@RequiresProgram(value = {"mosquitto", "mosquitto_sub", "stdbuf"}, debianPackage = "mosquitto mosquitto-clients")
class ZoneRuleIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PUMP = "gpio/pump/pump-01";
  @TempDir Path tmp;

  @Test
  void oneCameraAloneFiresNothingTwoCamerasOnTwoNodesFireThePumpOnceAndItStopsUnconfirmed() throws Exception {
    Path triggers = Files.createDirectories(tmp.resolve("triggers"));
    try (MosquittoBroker broker = MosquittoBroker.start(tmp.resolve("broker"));
         MqttSubscriberProcess pump = MqttSubscriberProcess.start(broker.port(), "gpio/pump/#");
         ServerProcess server = new ServerProcess(tmp.resolve("server"), "--mqtt", broker.url()).start();
         AgentProcess a1 = new AgentProcess(tmp, "edge-1", server, "--zone", "north").start();
         AgentProcess a2 = new AgentProcess(tmp, "edge-2", server, "--zone", "north").start()) {
      StreamfleetClient client = server.client();
      camerasOnTwoNodes(client, triggers);
      client.putRule(rule());

      trigger(triggers, "cam-a");
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> client.rule("fire-north").status().votes() == 1);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("no vote; events: " + client.events(0, Map.of(), 100).events() + "\nedge-1:\n" + a1.logText()
            + "\nedge-2:\n" + a2.logText() + "\ntriggers: " + java.util.Arrays.toString(triggers.toFile().list()), e);
      }
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> pump.lines().isEmpty());
      assertThat(client.rule("fire-north").status().state()).isEqualTo("waiting");

      trigger(triggers, "cam-b");
      await().atMost(WAIT).until(() -> pump.lines().size() >= 2); // the start, and the stop 3 s later
      assertThat(pump.lines()).hasSize(2);
      JsonNode start = Json.mapper().readTree(pump.lines().get(0).substring(PUMP.length() + 1));
      assertThat(start.get("payload").get("firing_id").asText()).isEqualTo("fire-north-1");
      assertThat(start.get("payload").get("votes").get("cameras")).hasSize(2);
      assertThat(pump.lines().get(1)).isEqualTo(PUMP + " OFF");
      assertThat(client.rule("fire-north").status().firings()).isEqualTo(1);
      assertThat(ServerProcess.metric(client, "streamfleet_rule_firings{rule=\"fire-north\"}")).isEqualTo(1.0);
    }
  }

  /**
   * The leader dies right after it committed a firing, before or after it sent the action: the
   * new leader sends it if it was not sent, and never fires the same decision again. Every pump
   * message names the one firing.
   */
  @Test
  void aLeaderKilledRightAfterAFiringLeavesExactlyOneFiring() throws Exception {
    Path triggers = Files.createDirectories(tmp.resolve("triggers"));
    int[] raft = {ServerProcess.freePort(), ServerProcess.freePort(), ServerProcess.freePort()};
    String peers = "s1=127.0.0.1:" + raft[0] + ",s2=127.0.0.1:" + raft[1] + ",s3=127.0.0.1:" + raft[2];
    String ca = tmp.resolve("ca").toString();
    assertThat(CliRunner.runRaw("ca", "create", "--out", ca).exitCode()).isZero();
    try (MosquittoBroker broker = MosquittoBroker.start(tmp.resolve("broker"));
         MqttSubscriberProcess pump = MqttSubscriberProcess.start(broker.port(), "gpio/pump/#")) {
      List<ServerProcess> servers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        servers.add(new ServerProcess(tmp.resolve("d" + (i + 1)), "s" + (i + 1), raft[i], "--peers", peers, "--tls-ca-dir", ca,
            "--mqtt", broker.url()));
      }
      List<AgentProcess> agents = new ArrayList<>();
      try {
        servers.forEach(ServerProcess::launchOnly);
        servers.forEach(ServerProcess::awaitHealthy);
        ServerProcess.shareAdminToken(servers);
        String rpc = servers.stream().map(s -> "127.0.0.1:" + s.rpcPort).collect(Collectors.joining(","));
        for (String node : List.of("edge-1", "edge-2")) {
          agents.add(new AgentProcess(tmp, node, List.of(), servers.getFirst(), rpc, "--zone", "north").start());
        }
        String leaderId = servers.getFirst().client().health().leader();
        ServerProcess leader = servers.stream().filter(s -> s.id.equals(leaderId)).findFirst().orElseThrow();
        ServerProcess follower = servers.stream().filter(s -> s != leader).findFirst().orElseThrow();
        StreamfleetClient client = follower.client();
        camerasOnTwoNodes(client, triggers);
        client.putRule(rule());

        List<EventRecord> firings = new CopyOnWriteArrayList<>();
        try (EventFollower rules = client.followEvents(null, Map.of("type", "rule"), firings::add)) {
          trigger(triggers, "cam-a");
          trigger(triggers, "cam-b");
          await().atMost(WAIT).until(() -> firings.stream().anyMatch(e -> "fired".equals(e.kind())));
          leader.kill(); // as soon as the firing is committed: its action may or may not be out yet
        }

        await().atMost(WAIT).until(() -> pump.lines().stream().anyMatch(l -> l.equals(PUMP + " OFF")));
        Set<String> firingIds = pump.lines().stream().filter(l -> !l.equals(PUMP + " OFF"))
            .map(ZoneRuleIT::firingId)
            .collect(Collectors.toSet());
        assertThat(firingIds).containsExactly("fire-north-1");
        assertThat(client.rule("fire-north").status().firings()).isEqualTo(1);
        assertThat(client.events(0, Map.of("type", "rule"), 100).events()).filteredOn(e -> "fired".equals(e.kind())).hasSize(1);
      } finally {
        agents.forEach(AgentProcess::close);
        servers.forEach(ServerProcess::close);
      }
    }
  }

  /** cam-a and cam-b in zone north, one on each node (a spread group), reporting fire on a trigger. */
  private static void camerasOnTwoNodes(StreamfleetClient client, Path triggers) {
    await().atMost(WAIT).until(() -> client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() == 2);
    String script = "while true; do if [ -e '" + triggers + "/{stream.id}' ]; then rm -f '" + triggers + "/{stream.id}';"
        + " echo '{{\"event\":\"fire\",\"confidence\":0.93}}'; fi; sleep 0.05; done"; // {{ }}: literal braces
    // Ready 200 ms after start (the default, ready at its first event, would wait for a trigger).
    client.putProcessor("fire-detector", new ProcessorRequest(null, "exec", null, List.of("sh", "-c", script), null, null,
        new io.streamfleet.model.Readiness("delay", null, 200L), null, "reports fire when the test says so"));
    for (String cam : List.of("cam-a", "cam-b")) {
      client.createStream(new StreamRequest(cam, "rtsp://" + cam + ".local/live", "fire-detector", "north", null, null, null, null,
          "north-cams", null));
    }
    await().atMost(WAIT).until(() -> client.streams().stream().allMatch(s -> s.status().state() == AssignmentState.RUNNING));
    assertThat(client.streams().stream().map(s -> s.status().node()).distinct().count()).as("one camera per node").isEqualTo(2);
  }

  private static String firingId(String pumpLine) {
    try {
      return Json.mapper().readTree(pumpLine.substring(PUMP.length() + 1)).get("payload").get("firing_id").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError("not a firing: " + pumpLine, e);
    }
  }

  private static RuleRequest rule() {
    // votes count for 5 s; the action runs 3 s past its last confirmation by newer votes
    return new RuleRequest("fire-north", "north", null, "fire", 0.8, 2, 2, 5L, null, null, PUMP, null, "OFF", 300L, 3L);
  }

  private static void trigger(Path triggers, String camera) throws java.io.IOException {
    Files.writeString(triggers.resolve(camera), "");
  }
}
