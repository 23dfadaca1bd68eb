package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.Readiness;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.UpdatePolicy;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planned changes without a gap, through the running system: 30 synthetic streams on 3 agents
 * (automatic rebalancing on, as shipped). A node is drained with the CLI, {@code motion} is rolled
 * to a new version, a fourth node joins and gets its share, and a version that never becomes ready
 * is reverted. Every stream reports each frame it processes (frames numbered on the wall clock, so
 * both instances of a move agree); through all of it no frame is missing from any stream's events
 * and none is there twice.
 */
@Tag("integration")
class ZeroDowntimeIT {
  private static final int STREAMS = 30;
  private static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir Path tmp;

  @Test
  void drainRolloutJoinAndARevertLoseNoFrameAndRepeatNone() throws Exception {
    List<AgentProcess> agents = new ArrayList<>();
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start()) {
      for (String id : List.of("node-a", "node-b", "node-c")) {
        agents.add(agent(server, id));
      }
      StreamfleetClient client = server.client();
      CliRunner cli = new CliRunner(server);
      await().atMost(WAIT).until(() -> client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() == 3);
      for (int i = 1; i <= STREAMS; i++) {
        client.createStream(new StreamRequest("cam-" + i, "synthetic://cam-" + i + "?fps=4&width=64&height=36&timeline=wall", "motion",
            null, new StreamRequest.ResourceRequest(200, 64, null, null), null, null, null, null, Map.of("frame_events", "true")));
      }
      await().atMost(WAIT).until(() -> running(client) == STREAMS);
      FrameCollector frames = new FrameCollector(client);
      Thread collector = Thread.ofVirtual().start(frames);
      try {
        await().atMost(WAIT).until(() -> frames.streamsSeen() == STREAMS);

        // 1. Drain node-a: its streams move away make-before-break; it ends drained.
        CliRunner.Result drained = cli.run("node", "drain", "node-a", "--max-parallel", "5", "--wait", "--timeout", "90s");
        assertThat(drained.exitCode()).as(drained.out() + drained.err()).isZero();
        assertThat(client.streams()).noneMatch(s -> "node-a".equals(s.status().node()));
        assertThat(client.node("node-a").state()).isEqualTo(NodeState.DRAINED);

        // 2. Roll motion to a new version, five streams at a time.
        long v2 = client.putProcessor("motion", motion(260, "motion, re-tuned", new UpdatePolicy.Request(5, 1_000L, null, true, 0, 30_000L)))
            .version();
        await().atMost(WAIT).until(() -> rolloutStatus(cli, v2).equals("succeeded"));
        assertThat(client.streams()).allSatisfy(s -> assertThat(s.status().state()).isEqualTo(AssignmentState.RUNNING));

        // 3. A fourth node joins and gets streams at once (a bounded rebalance on its registration).
        agents.add(agent(server, "node-d"));
        await().atMost(WAIT).until(() -> client.streams().stream().filter(s -> "node-d".equals(s.status().node())).count() >= 5);
        await().atMost(WAIT).until(() -> running(client) == STREAMS && client.streams().stream().allMatch(s -> s.status().handover() == null));

        // 4. A version that never becomes ready is reverted; no stream is interrupted meanwhile (the frame audit
        // below covers this stage too: a stream may still move, make-before-break, when the rebalancer finds it worth it).
        long broken = client.putProcessor("motion", new ProcessorRequest(null, "exec", null, List.of("sleep", "3600"), null, null,
            new Readiness("stdout", "never printed", null), new StreamRequest.ResourceRequest(260, 128, null, null), "never ready",
            new UpdatePolicy.Request(2, 1_000L, null, true, 1, 3_000L))).version();
        await().atMost(WAIT).until(() -> rolloutStatus(cli, broken).equals("reverted")
            && rolloutStatus(cli, broken + 1).equals("succeeded"));
        assertThat(client.streams()).allSatisfy(s -> {
          assertThat(s.status().state()).isEqualTo(AssignmentState.RUNNING);
          assertThat(s.status().version()).as(s.id() + " never runs the broken version").isNotEqualTo(broken);
        });

        // Let the last events of every instance arrive, then compare.
        long until = System.currentTimeMillis() + 3_000;
        await().atMost(WAIT).until(() -> frames.newestAtMs() > until);
      } finally {
        frames.stop();
        collector.join();
      }
      assertThat(frames.handovers()).as("hand-over markers").isGreaterThanOrEqualTo(10 + 30);
      for (Map.Entry<String, List<Long>> e : frames.byStream().entrySet()) {
        List<Long> seen = e.getValue();
        assertThat(seen).as(e.getKey() + ": each frame once").doesNotHaveDuplicates();
        long first = seen.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = seen.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(seen).as(e.getKey() + ": no frame missing from " + first + " to " + last).hasSize((int) (last - first + 1));
      }
    } finally {
      agents.forEach(AgentProcess::close);
    }
  }

  private AgentProcess agent(ServerProcess server, String id) throws Exception {
    return new AgentProcess(tmp, id, server, "--cpu-millis", "8000", "--memory-mb", "8192").start();
  }

  private static ProcessorRequest motion(int cpu, String description, UpdatePolicy.Request update) {
    return new ProcessorRequest(null, "builtin", "motion", null, null, null, Readiness.FIRST_FRAME,
        new StreamRequest.ResourceRequest(cpu, 128, null, null), description, update);
  }

  private static long running(StreamfleetClient client) {
    return client.streams().stream().filter(s -> s.status().state() == AssignmentState.RUNNING).count();
  }

  /** The status of motion's rollout to {@code version} as {@code rollout status} shows it ("" until it exists). */
  private static String rolloutStatus(CliRunner cli, long version) {
    CliRunner.Result r = cli.run("rollout", "status", "motion", "-o", "json");
    if (r.exitCode() != 0) {
      return "";
    }
    try {
      for (var node : io.streamfleet.model.Json.mapper().readTree(r.out())) {
        if (node.path("version").asLong() == version) {
          return node.path("status").asText();
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(r.out(), e);
    }
    return "";
  }

  /** Reads the event log as a consumer would (resuming after the last id) and keeps each stream's frame numbers. */
  private static final class FrameCollector implements Runnable {
    private final StreamfleetClient client;
    private final Map<String, List<Long>> frames = new ConcurrentHashMap<>();
    private final AtomicInteger handovers = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile long newestAtMs;

    FrameCollector(StreamfleetClient client) {
      this.client = client;
    }

    @Override
    public void run() {
      long since = 0;
      while (!stopped.get()) {
        var page = client.events(since, Map.of(), 1_000);
        if (since > 0 && page.firstId() > since + 1) {
          throw new IllegalStateException("the collector fell behind the bounded log: " + since + " < " + page.firstId());
        }
        for (EventRecord e : page.events()) {
          since = e.id();
          if (e.type().equals(EventTypes.HANDOVER)) {
            handovers.incrementAndGet();
          } else if (e.type().equals(EventTypes.PROCESSOR) && "frame".equals(e.kind())) {
            frames.computeIfAbsent(e.stream(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(e.payload().get("frame").asLong());
            newestAtMs = Math.max(newestAtMs, e.atMs());
          }
        }
        if (page.events().isEmpty()) {
          java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // a consumer's poll interval, not a wait for a condition
        }
      }
    }

    void stop() {
      stopped.set(true);
    }

    int streamsSeen() {
      return frames.size();
    }

    long newestAtMs() {
      return newestAtMs;
    }

    int handovers() {
      return handovers.get();
    }

    Map<String, List<Long>> byStream() {
      Map<String, List<Long>> copy = new TreeMap<>();
      frames.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return copy;
    }
  }
}
