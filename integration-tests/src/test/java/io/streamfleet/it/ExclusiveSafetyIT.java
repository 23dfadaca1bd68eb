package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.Readiness;
import io.streamfleet.model.StreamRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exclusive streams never run twice, checked by a witness: every instance of the stream (a real
 * exec processor that ignores SIGTERM, like a recorder that flushes for a long time) appends
 * "epoch uptime" to one shared file every 20 ms while it lives. No two epochs' lifetimes may
 * overlap, whatever moves the stream: a preemption, or a node frozen past its lease.
 */
@Tag("integration")
class ExclusiveSafetyIT {
  private static final Duration SLOW = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void aPreemptedExclusiveStreamStartsElsewhereOnlyAfterItsOldInstanceIsDead() throws Exception {
    Path witness = tmp.resolve("witness.log");
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess a = new AgentProcess(tmp, "node-a", server, "--cpu-millis", "1000", "--labels", "role=a").start()) {
      StreamfleetClient client = server.client();
      recRunningOnNodeA(client, witness);
      try (AgentProcess b = new AgentProcess(tmp, "node-b", server, "--cpu-millis", "1000", "--labels", "role=b").start()) {
        await().atMost(SLOW).until(() -> ready(client) == 2);

        // A higher-priority stream that only node-a may run preempts rec there.
        long preemptedEpoch = client.stream("rec").status().epoch();
        long preemptedAt = uptimeCs();
        client.createStream(new StreamRequest("vip", "synthetic://vip?fps=5&width=160&height=90", "motion", null,
            new StreamRequest.ResourceRequest(800, 64, null, null), null, 90, "overlap", null, null, null, Map.of("role", "a")));

        await().atMost(SLOW).until(() -> running(client, "rec", "node-b") && running(client, "vip", "node-a"));
        await().atMost(SLOW).until(() -> epochsIn(witness).keySet().stream().anyMatch(e -> e > preemptedEpoch));
        assertNoOverlap(witness);
        long[] old = epochsIn(witness).get(preemptedEpoch);
        assertThat(old[1] - preemptedAt).as("the old instance ignored SIGTERM and lived on (cs)").isGreaterThan(300);
      }
    }
  }

  @Test
  void anExclusiveExecProcessorOfAFrozenAgentDiesAtLeaseExpiryBeforeItStartsElsewhere() throws Exception {
    Path witness = tmp.resolve("witness.log");
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess a = new AgentProcess(tmp, "node-a", server, "--cpu-millis", "1000").start()) {
      StreamfleetClient client = server.client();
      recRunningOnNodeA(client, witness);
      try (AgentProcess b = secondAgent(server, client)) {

        a.pause(); // the agent JVM freezes: it cannot stop its child, only the watchdog can
        try {
          await().atMost(SLOW).until(() -> client.node("node-a").state() == NodeState.DOWN);
          await().atMost(SLOW).until(() -> running(client, "rec", "node-b"));
          await().atMost(SLOW).until(() -> epochsIn(witness).size() >= 2);
        } finally {
          a.resume();
        }
        assertNoOverlap(witness);
        await().atMost(SLOW).until(() -> a.logText().contains("lease watchdog: the lease ran out: killed process group"));
      }
    }
  }

  @Test
  void anExclusiveStreamOfAKilledAgentRunsElsewhereOnlyAfterItsProcessDied() throws Exception {
    Path witness = tmp.resolve("witness.log");
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess a = new AgentProcess(tmp, "node-a", server, "--cpu-millis", "1000").start()) {
      StreamfleetClient client = server.client();
      recRunningOnNodeA(client, witness);
      try (AgentProcess b = secondAgent(server, client)) {

        a.kill();

        await().atMost(SLOW).until(() -> running(client, "rec", "node-b"));
        await().atMost(SLOW).until(() -> epochsIn(witness).size() >= 2);
        assertNoOverlap(witness);
      }
    }
  }

  @Test
  void anExclusiveStreamOfAPartitionedAgentNeverRunsTwiceThroughTheCutAndTheHeal() throws Exception {
    assumeTrue(NetworkNamespace.available(), "needs root and iproute2 for a network namespace");
    Path witness = tmp.resolve("witness.log");
    try (NetworkNamespace ns = NetworkNamespace.create();
         ServerProcess server = new ServerProcess(tmp.resolve("server"), "--host", "0.0.0.0").start();
         AgentProcess a = new AgentProcess(tmp, "node-a", ns.exec(), server, ns.hostAddress() + ":" + server.rpcPort, "--cpu-millis", "1000").start()) {
      StreamfleetClient client = server.client();
      recRunningOnNodeA(client, witness);
      try (AgentProcess b = secondAgent(server, client)) {

        ns.cut();
        try {
          await().atMost(SLOW).until(() -> running(client, "rec", "node-b"));
          await().atMost(SLOW).until(() -> epochsIn(witness).size() >= 2);
        } finally {
          ns.heal();
        }
        await().atMost(SLOW).until(() -> ready(client) == 2); // node-a is back, and must not start rec again
        // node-a is back and registered again: for 3 s the witness shows no overlap (a stale restart would)
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> overlapIn(witness) == null);
        assertNoOverlap(witness);
      }
    }
  }

  /** Node-a alone registered: the witness processor and the exclusive stream rec, running there. */
  private static void recRunningOnNodeA(StreamfleetClient client, Path witness) {
    await().atMost(SLOW).until(() -> ready(client) == 1);
    witnessProcessor(client, witness);
    client.createStream(new StreamRequest("rec", "rtsp://cam/rec", "witness", null, new StreamRequest.ResourceRequest(800, 64, null, null),
        null, 10, "exclusive", null, null));
    await().atMost(SLOW).until(() -> running(client, "rec", "node-a"));
  }

  /** node-b, where rec may go next, registered and ready. */
  private AgentProcess secondAgent(ServerProcess server, StreamfleetClient client) {
    AgentProcess b = new AgentProcess(tmp, "node-b", server, "--cpu-millis", "1000").start();
    await().atMost(SLOW).until(() -> ready(client) == 2);
    return b;
  }

  /** This machine's uptime in centiseconds, the witness's clock. */
  private static long uptimeCs() throws Exception {
    return Long.parseLong(Files.readString(Path.of("/proc/uptime")).split(" ")[0].replace(".", ""));
  }

  /**
   * An exec processor that ignores SIGTERM and writes its epoch and the time (monotonic, from
   * /proc/uptime) into {@code witness} every 20 ms.
   */
  private static void witnessProcessor(StreamfleetClient client, Path witness) {
    String script = "trap '' TERM; echo ready; while :; do read -r up _ </proc/uptime; echo \"{epoch} $up\" >> "
        + witness + "; sleep 0.02; done";
    client.putProcessor("witness", new ProcessorRequest(null, "exec", null, List.of("bash", "-c", script), null, null,
        new Readiness("stdout", "^ready", null), null, null));
  }

  /** Each epoch's first and last line, in uptime centiseconds. */
  private static Map<Long, long[]> epochsIn(Path witness) throws Exception {
    Map<Long, long[]> spans = new TreeMap<>();
    if (!Files.exists(witness)) {
      return spans;
    }
    for (String line : Files.readAllLines(witness)) {
      String[] f = line.trim().split(" ");
      if (f.length != 2 || !f[1].matches("\\d+\\.\\d\\d")) {
        continue; // a line being written
      }
      long epoch = Long.parseLong(f[0]);
      long cs = Long.parseLong(f[1].replace(".", ""));
      spans.merge(epoch, new long[] {cs, cs}, (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
    }
    return spans;
  }

  /** The first overlap between consecutive epochs, in words, or null. */
  private static String overlapIn(Path witness) throws Exception {
    long[] previous = null;
    long previousEpoch = 0;
    for (Map.Entry<Long, long[]> e : epochsIn(witness).entrySet()) {
      if (previous != null && e.getValue()[0] <= previous[1]) {
        return "epoch " + e.getKey() + " started at " + e.getValue()[0] + " cs, epoch " + previousEpoch + " was alive until " + previous[1];
      }
      previous = e.getValue();
      previousEpoch = e.getKey();
    }
    return null;
  }

  private static void assertNoOverlap(Path witness) throws Exception {
    long[] previous = null;
    for (Map.Entry<Long, long[]> e : epochsIn(witness).entrySet()) {
      if (previous != null) {
        assertThat(e.getValue()[0]).as("epoch %d started at %d cs, the previous instance was alive until %d cs", e.getKey(),
            e.getValue()[0], previous[1]).isGreaterThan(previous[1]);
      }
      previous = e.getValue();
    }
  }

  private static long ready(StreamfleetClient client) {
    return client.nodes().stream().filter(n -> n.state() == NodeState.READY).count();
  }

  private static boolean running(StreamfleetClient client, String stream, String node) {
    var s = client.stream(stream).status();
    return s.state() == AssignmentState.RUNNING && node.equals(s.node());
  }
}
