package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.CapacityView;
import io.streamfleet.model.api.RebalanceView;
import io.streamfleet.model.api.StreamView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler through the running system: 4 agents, 40 streams with requests, a spread group of
 * 4 and one stream too big for any node; capacity and rebalancing over REST and the CLI.
 */
@Tag("integration")
class SchedulingIT {
  @TempDir Path tmp;

  @Test
  void spreadGroupsLandOnDistinctNodesTheTooBigStreamWaitsAndCapacityAnswers() throws Exception {
    List<AgentProcess> agents = new ArrayList<>();
    // Automatic rebalancing off: this test drives rebalancing itself (dry run, then the real one)
    // and asserts what it plans; the timer must not move streams in between.
    try (ServerProcess server = new ServerProcess(tmp.resolve("server"), "--rebalance-max-moves", "0").start()) {
      for (int i = 1; i <= 4; i++) {
        agents.add(new AgentProcess(tmp, "node-" + i, server, "--zone", i <= 2 ? "north" : "south",
            "--cpu-millis", "4000", "--memory-mb", "4096").start());
      }
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(90)).until(() -> client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() == 4);

      for (int i = 1; i <= 36; i++) {
        client.createStream(stream("cam-" + i, i % 2 == 0 ? "north" : "south", 100 + 50 * (i % 3), null));
      }
      for (int i = 1; i <= 4; i++) {
        client.createStream(stream("gate-" + i, "north", 300, "gate"));
      }
      client.createStream(stream("huge", null, 5000, null));

      await().atMost(Duration.ofSeconds(60)).until(() -> client.streams().stream()
          .filter(s -> !s.id().equals("huge")).allMatch(s -> s.status().state() == AssignmentState.RUNNING));
      Map<String, String> nodeOf = client.streams().stream().filter(s -> s.status().node() != null)
          .collect(Collectors.toMap(StreamView::id, s -> s.status().node()));

      // The spread group covers four distinct nodes (two of them outside its zone, which it allows).
      assertThat(List.of("gate-1", "gate-2", "gate-3", "gate-4")).extracting(nodeOf::get).doesNotHaveDuplicates();
      // Zone reachability: the plain cameras stay in their own zone.
      for (int i = 1; i <= 36; i++) {
        String node = nodeOf.get("cam-" + i);
        assertThat(node).isIn(i % 2 == 0 ? List.of("node-1", "node-2") : List.of("node-3", "node-4"));
      }
      StreamView huge = client.stream("huge");
      assertThat(huge.status().state()).isEqualTo(AssignmentState.PENDING);
      assertThat(huge.status().reason()).contains("needs 5000 cpu_millis");
      // No node is over-committed.
      assertThat(client.nodes()).allSatisfy(n -> assertThat(n.allocated().cpuMillis()).isLessThanOrEqualTo(n.capacity().cpuMillis()));

      CapacityView capacity = client.capacity();
      assertThat(capacity.cluster().nodes()).isEqualTo(4);
      assertThat(capacity.cluster().capacity().cpuMillis()).isEqualTo(16_000);
      assertThat(capacity.unplaceable()).containsExactly("huge");
      assertThat(capacity.survivesNodeLoss()).isBetween(1, 3);
      assertThat(capacity.zones()).containsKeys("north", "south");
      assertThat(capacity.survivesZoneLoss()).containsEntry("north", false);

      CapacityView whatIf = client.capacity(1000, "cam-1");
      assertThat(whatIf.whatIf().requested()).isEqualTo(1000);
      assertThat(whatIf.whatIf().placeable()).isBetween(1, 999);
      assertThat(whatIf.whatIf().reason()).contains("cpu_millis");

      CliRunner cli = new CliRunner(server);
      CliRunner.Result shown = cli.run("capacity");
      assertThat(shown.exitCode()).isZero();
      assertThat(shown.out()).contains("cluster").contains("zone north").contains("survives the loss of its");

      // A balanced cluster gives no moves; a dry run changes nothing.
      Map<String, Long> epochs = client.streams().stream().collect(Collectors.toMap(StreamView::id, s -> s.status().epoch()));
      RebalanceView dry = client.rebalance(10, true);
      assertThat(dry.dryRun()).isTrue();
      assertThat(dry.moves()).hasSizeLessThanOrEqualTo(10);
      assertThat(client.streams().stream().collect(Collectors.toMap(StreamView::id, s -> s.status().epoch()))).isEqualTo(epochs);
      CliRunner.Result rebalance = cli.run("rebalance", "--dry-run");
      assertThat(rebalance.exitCode()).isZero();
    } finally {
      agents.forEach(AgentProcess::close);
    }
  }

  private static StreamRequest stream(String id, String zone, int cpu, String spreadGroup) {
    return new StreamRequest(id, "synthetic://" + id + "?fps=5&width=160&height=90", "motion", zone,
        new StreamRequest.ResourceRequest(cpu, 64, null, null), null, null, null, spreadGroup, null,
        spreadGroup == null ? null : List.of("*"), null);
  }
}
