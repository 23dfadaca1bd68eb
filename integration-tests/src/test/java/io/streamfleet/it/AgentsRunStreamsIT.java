package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.NodeView;
import io.streamfleet.model.api.StreamView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server and two real agent processes: nodes register, streams get placed and run, and a killed agent's streams move. */
@Tag("integration")
class AgentsRunStreamsIT {
  @TempDir Path tmp;

  @Test
  void agentsRegisterRunSyntheticStreamsAndALostNodesStreamsMove() throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess a1 = new AgentProcess(tmp, "edge-1", server, "--zone", "north", "--cpu-millis", "2000", "--memory-mb", "2048").start();
         AgentProcess a2 = new AgentProcess(tmp, "edge-2", server, "--zone", "south", "--cpu-millis", "2000", "--memory-mb", "2048").start()) {
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() == 2);
      NodeView edge1 = client.node("edge-1");
      assertThat(edge1.capacity().cpuMillis()).isEqualTo(2000);
      assertThat(edge1.zone()).isEqualTo("north");

      for (int i = 1; i <= 4; i++) {
        client.createStream(new StreamRequest("cam-" + i, "synthetic://cam-" + i + "?fps=10&width=320&height=180", "motion",
            i % 2 == 0 ? "south" : "north", null, null, null, null, null, null, List.of("*"), null));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> client.streams().stream().allMatch(s -> s.status().state() == AssignmentState.RUNNING));
      Map<String, String> placement = client.streams().stream().collect(Collectors.toMap(StreamView::id, s -> s.status().node()));
      assertThat(placement).containsEntry("cam-1", "edge-1").containsEntry("cam-2", "edge-2");
      await().atMost(Duration.ofSeconds(10)).until(() -> client.stream("cam-1").status().fps() != null && client.stream("cam-1").status().fps() > 0);
      assertThat(client.node("edge-1").lastHeartbeatMsAgo()).isLessThan(5_000L);

      // A stream too big for any node stays pending and says why.
      client.createStream(new StreamRequest("huge", "synthetic://huge", "motion", null,
          new StreamRequest.ResourceRequest(3000, null, null, null), null, null, null, null, null));
      await().atMost(Duration.ofSeconds(10)).until(() -> client.stream("huge").status().reason() != null
          && client.stream("huge").status().reason().contains("needs 3000 cpu_millis"));

      // Kill edge-1: its streams come back on edge-2 (they may run in any zone) with a higher epoch.
      long epochBefore = client.stream("cam-1").status().epoch();
      a1.kill();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        StreamView s = client.stream("cam-1");
        return s.status().state() == AssignmentState.RUNNING && "edge-2".equals(s.status().node());
      });
      assertThat(client.stream("cam-1").status().epoch()).isGreaterThan(epochBefore);
      // the leader measured each of edge-1's streams' failover, last heartbeat to running elsewhere
      await().atMost(Duration.ofSeconds(10)).until(() -> ServerProcess.metric(client, "streamfleet_failover_seconds_count") >= 2);
      assertThat(ServerProcess.metric(client, "streamfleet_failover_seconds_bucket{le=\"5.0\"}")).as("failovers under 5 s").isGreaterThanOrEqualTo(2);
      assertThat(client.node("edge-1").state()).isEqualTo(NodeState.DOWN);
      List<StreamView> running = client.streams().stream().filter(s -> s.status().state() == AssignmentState.RUNNING).toList();
      assertThat(running).extracting(StreamView::id).contains("cam-1", "cam-2", "cam-3", "cam-4");
    }
  }
}
