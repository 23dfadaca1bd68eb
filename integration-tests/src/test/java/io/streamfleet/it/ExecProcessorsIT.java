package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.Readiness;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec processors through the running system: ready by a stdout line, a killed child restarted,
 * a missing program failed with a reason (no spinning), and an agent killed with -9 takes its
 * processors with it (no orphans) and converges again when restarted. (The reaper for the
 * launch-instant window is unit-tested in the agent module.)
 */
@Tag("integration")
class ExecProcessorsIT {
  @TempDir Path tmp;

  @Test
  void execProcessorsAreSupervisedAndLeaveNoOrphans() throws Exception {
    Path agentData = tmp.resolve("agent-data");
    // a unique duration marks this test's processes (sleep takes fractional seconds)
    String marker = "3600." + ProcessHandle.current().pid();
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start()) {
      StreamfleetClient client = server.client();
      client.putProcessor("sleeper", new ProcessorRequest(null, "exec", null,
          List.of("sh", "-c", "echo ready {stream.id}; exec sleep " + marker), null, null,
          new Readiness("stdout", "^ready cam", null), null, null));
      client.putProcessor("broken", new ProcessorRequest(null, "exec", null, List.of("no-such-program-" + ProcessHandle.current().pid()), null, null,
          null, null, null));

      AgentProcess agent = new AgentProcess(tmp, "edge-1", server, "--data-dir", agentData.toString()).start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> client.nodes().size() == 1);
        client.createStream(new StreamRequest("cam-1", "rtsp://camera-1.local/live", "sleeper", null, null, null, null, null, null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> client.stream("cam-1").status().state() == AssignmentState.RUNNING);
        assertThat(sleepers(marker)).hasSize(1);

        // kill -9 the processor: the supervisor restarts it and the restart shows in the status
        sleepers(marker).getFirst().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          StreamView s = client.stream("cam-1");
          return s.status().state() == AssignmentState.RUNNING && s.status().restarts() >= 1 && sleepers(marker).size() == 1;
        });

        // a program that does not exist ends failed with a reason, and stays failed
        client.createStream(new StreamRequest("cam-2", "rtsp://camera-2.local/live", "broken", null, null, null, null, null, null, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> client.stream("cam-2").status().state() == AssignmentState.FAILED);
        assertThat(client.stream("cam-2").status().reason()).contains("no-such-program-" + ProcessHandle.current().pid());

        // kill -9 the agent: its processors die with it (parent-death signal), none is orphaned ...
        long before = sleepers(marker).getFirst().pid();
        agent.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepers(marker).isEmpty());
        // ... and a restarted agent (new incarnation) gets the stream back and runs it anew
        agent = new AgentProcess(tmp, "edge-1", server, "--data-dir", agentData.toString()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.stream("cam-1").status().state() == AssignmentState.RUNNING
            && sleepers(marker).size() == 1);
        assertThat(sleepers(marker)).noneMatch(p -> p.pid() == before);
      } finally {
        agent.close();
      }
    } finally {
      sleepers(marker).forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static List<ProcessHandle> sleepers(String marker) {
    return MarkedProcesses.alive("sleep " + marker);
  }
}
