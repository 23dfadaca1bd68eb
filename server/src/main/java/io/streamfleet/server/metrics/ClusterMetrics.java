package io.streamfleet.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.protocol.v1.ProcessorUsage;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The cluster as this server sees it, computed when scraped: Raft (leader, term, indexes, apply
 * lag) on every server; nodes (up, heartbeat age, measured CPU and memory) and streams (fps, frame
 * latency, frames processed and dropped, reconnects, restarts) from the heartbeats, which only the
 * leader receives, so those series come from the leader alone.
 *
 * <p>Cardinality: node series carry {@code node}; stream series carry {@code stream} only (not the
 * node, which changes with every move), so there is at most one series per stream and metric. A
 * deleted stream's or removed node's series go at the next scrape.
 */
final class ClusterMetrics {
  private final PrometheusMeterRegistry registry;
  private final StateStore store;
  private final NodeLiveness liveness;
  private final LongSupplier nanos;
  private final MultiGauge nodeUp;
  private final MultiGauge heartbeatAge;
  private final MultiGauge nodeCpu;
  private final MultiGauge nodeMemory;
  private final MultiGauge streamFps;
  private final MultiGauge latencyP50;
  private final MultiGauge latencyP99;
  private final MultiGauge restarts;
  private final MultiGauge certificateExpiry;
  private final LongSupplier wallMs;
  /** Held here: Micrometer holds a gauge's object weakly, and nothing else holds this one. */
  private final RaftStatus raft;
  /** The latest per-stream counts; counters read them, and are removed with their stream. */
  private final Map<String, long[]> streamCounts = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> streamCounters = new HashMap<>();

  ClusterMetrics(PrometheusMeterRegistry registry, StateStore store, NodeLiveness liveness, RaftStatus raft, LongSupplier nanos,
      LongSupplier wallMs) {
    this.registry = registry;
    this.wallMs = wallMs;
    this.raft = raft;
    this.store = store;
    this.liveness = liveness;
    this.nanos = nanos;
    Gauge.builder("streamfleet.raft.leader", raft, r -> r.isLeader() ? 1 : 0).description("1 on the leader, else 0").register(registry);
    Gauge.builder("streamfleet.raft.has.leader", raft, r -> r.hasLeader() ? 1 : 0)
        .description("1 when this server knows a leader (writes can commit), else 0").register(registry);
    Gauge.builder("streamfleet.raft.term", raft, RaftStatus::term).description("The current Raft term").register(registry);
    Gauge.builder("streamfleet.raft.commit.index", raft, RaftStatus::commitIndex).description("The Raft log's commit index").register(registry);
    Gauge.builder("streamfleet.raft.applied.index", raft, RaftStatus::appliedIndex)
        .description("The newest log index applied to this server's state").register(registry);
    Gauge.builder("streamfleet.raft.apply.lag", raft, r -> Math.max(0, r.commitIndex() - r.appliedIndex()))
        .description("Committed log entries this server has not applied yet").register(registry);
    Gauge.builder("streamfleet.raft.servers", raft, RaftStatus::servers).description("Servers in the Raft group").register(registry);
    nodeUp = MultiGauge.builder("streamfleet.node.up").description("1 while the node is not down (ready, suspect, cordoned, draining, drained)")
        .register(registry);
    heartbeatAge = MultiGauge.builder("streamfleet.node.heartbeat.age.seconds")
        .description("Seconds since the leader last heard the node's heartbeat (leader only)").register(registry);
    nodeCpu = MultiGauge.builder("streamfleet.node.cpu.ratio").description("The node's measured CPU use, 0 to 1 (leader only)").register(registry);
    nodeMemory = MultiGauge.builder("streamfleet.node.memory.ratio").description("The node's measured memory use, 0 to 1 (leader only)")
        .register(registry);
    streamFps = MultiGauge.builder("streamfleet.stream.fps").description("Frames per second the stream's instance processes (leader only)")
        .register(registry);
    latencyP50 = MultiGauge.builder("streamfleet.stream.frame.latency.p50.seconds")
        .description("Median frame latency, decode to analysis end, over the last 2 s (builtin processors; leader only)").register(registry);
    latencyP99 = MultiGauge.builder("streamfleet.stream.frame.latency.p99.seconds")
        .description("99th percentile frame latency, decode to analysis end, over the last 2 s (builtin processors; leader only)")
        .register(registry);
    restarts = MultiGauge.builder("streamfleet.stream.restarts")
        .description("Restarts of the stream's current instance by its node's supervisor").register(registry);
    certificateExpiry = MultiGauge.builder("streamfleet.node.certificate.expiry.seconds")
        .description("Seconds until the node's newest certificate expires (agents renew theirs well before)").register(registry);
  }

  void refresh() {
    long now = nanos.getAsLong();
    Map<String, NodeLiveness.Beat> beats = liveness.all();
    Rows up = new Rows();
    Rows age = new Rows();
    Rows cpu = new Rows();
    Rows memory = new Rows();
    Rows fps = new Rows();
    Rows p50 = new Rows();
    Rows p99 = new Rows();
    Rows restartRows = new Rows();
    Map<String, long[]> counts = new HashMap<>();
    Map<String, Long> certificateNotAfter = new HashMap<>();
    store.read(s -> {
      s.nodeCertificates().forEach(c -> certificateNotAfter.merge(c.nodeId(), c.notAfterMs(), Math::max));
      for (NodeRecord n : s.nodes()) {
        up.add("node", n.id(), n.effectiveState() == NodeState.DOWN ? 0 : 1);
        NodeLiveness.Beat b = beats.get(n.id());
        if (b != null) {
          age.add("node", n.id(), Math.max(0, now - b.receivedNanos()) / 1e9);
          cpu.add("node", n.id(), b.heartbeat().getCpuPercent() / 100);
          memory.add("node", n.id(), b.heartbeat().getMemoryPercent() / 100);
        }
      }
      for (Assignment a : s.assignments()) {
        if (a.node() == null) {
          continue;
        }
        restartRows.add("stream", a.streamId(), a.restarts());
        ProcessorUsage u = liveness.usage(a.node(), a.streamId(), a.epoch());
        if (u != null) {
          fps.add("stream", a.streamId(), u.getFps());
          p50.add("stream", a.streamId(), u.getLatencyMsP50() / 1000);
          p99.add("stream", a.streamId(), u.getLatencyMsP99() / 1000);
          counts.put(a.streamId(), new long[] {u.getFramesProcessed(), u.getFramesDropped(), u.getReconnects()});
        }
      }
      return null;
    });
    nodeUp.register(up.rows, true);
    heartbeatAge.register(age.rows, true);
    nodeCpu.register(cpu.rows, true);
    nodeMemory.register(memory.rows, true);
    streamFps.register(fps.rows, true);
    latencyP50.register(p50.rows, true);
    latencyP99.register(p99.rows, true);
    restarts.register(restartRows.rows, true);
    Rows expiry = new Rows();
    long wall = wallMs.getAsLong();
    certificateNotAfter.forEach((node, notAfter) -> expiry.add("node", node, (notAfter - wall) / 1000.0));
    certificateExpiry.register(expiry.rows, true);
    updateCounters(counts);
  }

  /**
   * Frames processed and dropped and camera reconnects are counted by the stream's instance: they
   * start from 0 when a new instance takes over (a move, a failover), which Prometheus' rate()
   * treats as a counter reset.
   */
  private void updateCounters(Map<String, long[]> counts) {
    streamCounts.keySet().retainAll(counts.keySet());
    streamCounts.putAll(counts);
    for (String stream : List.copyOf(streamCounters.keySet())) {
      if (!counts.containsKey(stream)) {
        streamCounters.remove(stream).forEach(registry::remove);
      }
    }
    for (String stream : counts.keySet()) {
      streamCounters.computeIfAbsent(stream, id -> List.of(
          counter("streamfleet.stream.frames.processed", "Frames the stream's current instance has processed", id, 0),
          counter("streamfleet.stream.frames.dropped", "Frames the stream's current instance skipped because analysis fell behind", id, 1),
          counter("streamfleet.stream.reconnects", "Times the stream's current instance connected to its camera again", id, 2)));
    }
  }

  private Meter counter(String name, String description, String stream, int index) {
    return FunctionCounter.builder(name, streamCounts, m -> {
      long[] c = m.get(stream);
      return c == null ? 0 : c[index];
    }).description(description).tags(Tags.of("stream", stream)).register(registry);
  }

  /** Rows of one multi-gauge, one label each. */
  private static final class Rows {
    final List<MultiGauge.Row<?>> rows = new ArrayList<>();

    void add(String label, String value, double v) {
      rows.add(MultiGauge.Row.of(Tags.of(label, value), v));
    }
  }
}
