package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One part of {@link MoveBench}: a {@link BenchCluster} (a server with automatic rebalancing off,
 * so only the drain or rollout moves streams) whose agents also publish their events to the
 * benchmark's Mosquitto, and the two observers of frame events: the server's log and the tap on the
 * agents' raw events. The observers start with the cluster, before any stream exists.
 */
final class MoveCluster implements AutoCloseable {
  private final BenchCluster cluster;
  private final String brokerUrl;
  private final StreamfleetClient client;
  private final FrameLog log;
  private final FrameTap tap;

  /**
   * Failure-detector settings for a machine too loaded for the defaults: agents with 100 streams
   * at 10 fps on a shared 2-core machine missed a second of heartbeats, were declared down and
   * failed over in the middle of a drain. A planned move never waits on these timings (an exclusive
   * move waits for the node's stop confirmation, not for a lease), so they change only whether
   * false failovers spoil the run.
   */
  static final List<String> PATIENT_DETECTOR = List.of("--suspect-after-ms", "3000", "--down-after-ms", "5000", "--lease-ms", "6000");

  /** @param patientDetector use {@link #PATIENT_DETECTOR} instead of the server's defaults */
  MoveCluster(Path jar, Path work, String brokerUrl, boolean patientDetector) throws Exception {
    List<String> args = new ArrayList<>(List.of("--rebalance-max-moves", "0"));
    if (patientDetector) {
      args.addAll(PATIENT_DETECTOR);
    }
    this.cluster = new BenchCluster(jar, Files.createDirectories(work), args.toArray(String[]::new));
    this.brokerUrl = brokerUrl;
    try {
      cluster.start(0);
      this.client = cluster.client();
      this.tap = new FrameTap(brokerUrl);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    this.log = new FrameLog(cluster.client());
  }

  /** An agent with room for every stream of the part (16,000 cpu_millis, 16 GiB) that also publishes its events to MQTT. */
  void startAgent(String nodeId) throws Exception {
    cluster.startAgent(nodeId, "--cpu-millis", "16000", "--memory-mb", "16384", "--mqtt", brokerUrl);
  }

  void waitForReadyNodes(int n) throws Exception {
    BenchCluster.waitUntil(() -> cluster.readyNodes() == n, 60_000, n + " agents ready");
  }

  /**
   * Streams {@code prefix-1..count} of builtin motion on synthetic cameras numbered on the wall
   * clock (so a stream's two instances agree on frame numbers), each reporting every frame.
   *
   * @param resources null: the motion processor's own
   */
  List<String> createStreams(String prefix, int count, int fps, String handover, StreamRequest.ResourceRequest resources) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = prefix + "-" + i;
      client.createStream(new StreamRequest(id, "synthetic://" + id + "?fps=" + fps + "&width=64&height=36&timeline=wall", "motion", null,
          resources, null, null, handover, null, Map.of("frame_events", "true")));
      ids.add(id);
    }
    return ids;
  }

  /** Waits until every stream runs with no move in flight, and both observers have frames of each. */
  void waitSteady(int streams) throws Exception {
    BenchCluster.waitUntil(() -> {
      List<StreamView> all = client.streams();
      return all.size() == streams && all.stream().allMatch(s -> s.status().state() == AssignmentState.RUNNING && s.status().handover() == null)
          && log.frames().streams() == streams && tap.frames().streams() == streams;
    }, 120_000, streams + " streams running, their frames in the log and the tap");
  }

  long streamsOn(String nodeId) {
    return client.streams().stream().filter(s -> nodeId.equals(s.status().node())).count();
  }

  /**
   * The server's {@code streamfleet_events_stale_total}: processor events the leader dropped on
   * arrival because their instance was not the stream's current one (the successor's during a
   * hand-over, the old instance's after it, a fenced instance's), or -1 when /metrics lacks it.
   */
  long staleEventsDropped() {
    String text = client.raw("GET", "/metrics", null).body();
    for (String line : text.split("\n")) {
      if (line.startsWith("streamfleet_events_stale")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  /** Each stream's current epoch. */
  Map<String, Long> epochs() {
    Map<String, Long> out = new TreeMap<>();
    client.streams().forEach(s -> out.put(s.id(), s.status().epoch()));
    return out;
  }

  /** Stops both observers and compares what they saw. */
  FrameAudit audit(List<String> streams, FrameAudit.Change change) throws InterruptedException {
    log.close();
    tap.close();
    return FrameAudit.of(log.frames().copy(), tap.frames().copy(), log.markers(), streams, change);
  }

  StreamfleetClient client() {
    return client;
  }

  FrameLog log() {
    return log;
  }

  FrameTap tap() {
    return tap;
  }

  void dumpServerThreads() {
    cluster.dumpServerThreads();
  }

  @Override
  public void close() throws Exception {
    try {
      log.close();
      tap.close();
    } finally {
      cluster.close();
    }
  }
}
