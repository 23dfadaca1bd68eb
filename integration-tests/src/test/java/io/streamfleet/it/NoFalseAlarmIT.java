package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.AuditEntry;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.StreamRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI version of the false-alarm benchmark (bench/run-failover.sh runs it for 10 minutes): a
 * server, 4 agents and 100 streams keep running for a minute while busy loops saturate every
 * core; the aggressive default timeouts (down after 1 s of silence) must declare no node down.
 */
@Tag("integration")
class NoFalseAlarmIT {
  private static final Duration LOADED = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void noNodeIsDeclaredDownWhileEveryCoreIsBusy() throws Exception {
    List<AgentProcess> agents = new ArrayList<>();
    List<Process> hogs = new ArrayList<>();
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start()) {
      for (int i = 1; i <= 4; i++) {
        agents.add(new AgentProcess(tmp, "node-" + i, server, "--cpu-millis", "16000", "--memory-mb", "8192").start());
      }
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(90)).until(() -> client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() == 4);
      for (int i = 1; i <= 100; i++) {
        String id = "cam-" + i;
        client.createStream(new StreamRequest(id, "synthetic://" + id + "?fps=10&width=160&height=90", "motion", null,
            new StreamRequest.ResourceRequest(100, 32, null, null), null, null, null, null, null));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> client.streams().stream().allMatch(s -> s.status().state() == AssignmentState.RUNNING));
      long start = System.currentTimeMillis();
      for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
        hogs.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
      }

      // Every node must stay up for the whole minute; this fails as soon as one goes down.
      await().during(LOADED).atMost(LOADED.plusSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> client.nodes().stream().noneMatch(n -> n.state() == NodeState.DOWN));
      hogs.forEach(Process::destroyForcibly);

      List<AuditEntry> downs = client.audit(10_000).stream()
          .filter(e -> e.atMs() >= start && "node.down".equals(e.action()) && "ok".equals(e.outcome())).toList();
      assertThat(downs).as("nodes declared down under load").isEmpty();
      assertThat(client.nodes()).allSatisfy(n -> assertThat(n.state()).isEqualTo(NodeState.READY));
      assertThat(client.streams()).allSatisfy(s -> assertThat(s.status().state()).isEqualTo(AssignmentState.RUNNING));
    } finally {
      hogs.forEach(Process::destroyForcibly);
      agents.forEach(AgentProcess::close);
    }
  }
}
