package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.Drain;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.UpdatePolicy;
import io.streamfleet.model.api.RolloutView;
import io.streamfleet.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Planned changes measured from the frames themselves (docs/benchmarks.md, "Planned changes"):
 * every stream is builtin motion on a synthetic camera numbered on the wall clock with {@code
 * frame_events=true}, so each processed frame is one event naming its frame, and both instances
 * of a move agree on the numbers. Each part runs on its own cluster (one server with automatic
 * rebalancing off, agents from the runnable jar):
 *
 * <ol>
 *   <li>A, drain: S streams on node-1, then node-2 joins and node-1 is drained (max_parallel 5):
 *       drain request to {@code drained}, frames lost, events lost, frames twice in the log,
 *       frames both instances produced, hand-over markers;
 *   <li>B, rollout: S streams on 3 agents, {@code motion} changed (resources) with update
 *       {max_parallel 10, min_healthy_time_ms 1000}: PUT to {@code succeeded}, the same counts;
 *   <li>C, move gap: X exclusive streams at 10 fps on node-1, drained to node-2 one at a time
 *       ({@code --gap-parallel}, 1 by default, so that each move is an independent sample):
 *       per moved stream the gap between the old instance's last frame and the new one's first,
 *       p50/p99/max; then, as the baseline, Y overlap streams drained the same way on a fresh
 *       cluster (not together: 200 streams at 10 fps in one drain made the agents of a shared
 *       2-core machine miss heartbeats and fail over in the middle of it).
 * </ol>
 *
 * Two observers see the frames: the server's event log as a consumer reads it ({@link FrameLog})
 * and, through Mosquitto, every event the agents produced before the server's de-duplication
 * ({@link FrameTap}); {@link FrameAudit} compares them.
 *
 * <p>Usage: {@code MoveBench JAR [--name=value ...]}; the names and defaults are in {@link #DEFAULTS}.
 */
public final class MoveBench {
  static final Map<String, String> DEFAULTS = defaults();
  private final List<String> summary = new ArrayList<>();
  private final boolean patientDetector;

  private MoveBench(boolean patientDetector) {
    this.patientDetector = patientDetector;
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("parts", "A,B,C");
    d.put("drain-streams", "30");       // A
    d.put("rollout-streams", "60");     // B
    d.put("exclusive", "100");          // C: exclusive streams drained (the gap sample)
    d.put("overlap", "100");            // C: overlap streams drained the same way on another cluster (the baseline)
    d.put("gap-parallel", "1");         // C: moves at a time; 1 makes each move an independent sample
    d.put("settle-s", "5");             // steady frames before each change, and time for late events after it
    d.put("detector", "default");       // default, or patient: MoveCluster.PATIENT_DETECTOR (for a loaded machine)
    return d;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    Map<String, String> o = BenchArgs.parse(java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length), DEFAULTS);
    Set<String> parts = Set.of(o.get("parts").split(","));
    if (!Set.of("default", "patient").contains(o.get("detector"))) {
      throw new IllegalArgumentException("--detector=" + o.get("detector") + " is neither default nor patient");
    }
    Path work = Files.createTempDirectory("streamfleet-move-bench");
    System.out.printf("move benchmark: %d cores, Java %s; %s; work dir %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), o, work);
    MoveBench bench = new MoveBench(o.get("detector").equals("patient"));
    long t0 = System.nanoTime();
    try (MosquittoBroker broker = MosquittoBroker.start(work.resolve("broker"), "max_inflight_messages 1000\nmax_queued_messages 1000000")) {
      int settleMs = num(o, "settle-s") * 1000;
      if (parts.contains("A")) {
        bench.drainPart(jar, work.resolve("a-drain"), broker.url(), num(o, "drain-streams"), settleMs);
      }
      if (parts.contains("B")) {
        bench.rolloutPart(jar, work.resolve("b-rollout"), broker.url(), num(o, "rollout-streams"), settleMs);
      }
      if (parts.contains("C")) {
        int parallel = num(o, "gap-parallel");
        bench.gapPart(jar, work.resolve("c-exclusive"), broker.url(), "exclusive", num(o, "exclusive"), parallel, settleMs);
        bench.gapPart(jar, work.resolve("c-overlap"), broker.url(), "overlap", num(o, "overlap"), parallel, settleMs);
      }
    }
    System.out.println();
    bench.summary.forEach(System.out::println);
    System.out.printf("total run time %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** A: a node with S overlap streams drained to a fresh node, 5 at a time. */
  private void drainPart(Path jar, Path work, String broker, int count, int settleMs) throws Exception {
    System.out.printf("%nA. drain: 1 server, 2 agents, %d overlap streams at 4 fps all on node-1, drain node-1 (max_parallel 5)%n", count);
    try (MoveCluster mc = new MoveCluster(jar, work, broker, patientDetector)) {
      try {
        mc.startAgent("node-1");
        mc.waitForReadyNodes(1);
        List<String> streams = mc.createStreams("cam", count, 4, "overlap", null);
        mc.waitSteady(count);
        mc.startAgent("node-2");
        mc.waitForReadyNodes(2);
        Thread.sleep(settleMs);
        Map<String, Long> before = mc.epochs();
        System.out.println("A. before the drain: " + load() + "; node state changes so far " + mc.log().nodeStates());
        long startMs = System.currentTimeMillis();
        long[] ms = drain(mc.client(), "node-1", 5);
        long endMs = System.currentTimeMillis();
        System.out.printf("A. drain request -> node-1 drained: %d ms (server stamps: %d ms); streams left on node-1: %d; %s%n", ms[0], ms[1],
            mc.streamsOn("node-1"), load());
        FrameAudit audit = finish(mc, streams, new FrameAudit.Change(startMs, endMs, 4, before, null), settleMs);
        printStreams("A", audit);
        String counts = counts("A", audit, mc, count, mc.staleEventsDropped());
        summary.add(String.format("summary A, drain of %d streams: drain request -> drained %d ms; %s", count, ms[0], counts));
      } catch (Exception e) {
        mc.dumpServerThreads();
        throw e;
      }
    }
  }

  /** B: S streams on 3 agents, motion's resources changed, 10 streams at a time. */
  private void rolloutPart(Path jar, Path work, String broker, int count, int settleMs) throws Exception {
    System.out.printf("%nB. rollout: 1 server, 3 agents, %d overlap streams at 4 fps, motion resources changed,"
        + " update {max_parallel 10, min_healthy_time_ms 1000}%n", count);
    try (MoveCluster mc = new MoveCluster(jar, work, broker, patientDetector)) {
      try {
        for (int i = 1; i <= 3; i++) {
          mc.startAgent("node-" + i);
        }
        mc.waitForReadyNodes(3);
        List<String> streams = mc.createStreams("cam", count, 4, "overlap", null);
        mc.waitSteady(count);
        Thread.sleep(settleMs);
        StreamfleetClient c = mc.client();
        ProcessorSpec old = c.processor("motion");
        Map<String, Long> before = mc.epochs();
        System.out.println("B. before the rollout: " + load() + "; node state changes so far " + mc.log().nodeStates());
        long startMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        long version = c.putProcessor("motion", new ProcessorRequest(null, "builtin", old.builtin(), null, null, null, old.readiness(),
            new StreamRequest.ResourceRequest(old.resources().cpuMillis() + 50, old.resources().memoryMb(), null, null), old.description(),
            new UpdatePolicy.Request(10, 1_000L, null, null, null, null))).version();
        BenchCluster.waitUntil(() -> {
          RolloutView r = c.rollout("motion");
          return r.version() == version && !r.status().active();
        }, 600_000, "motion's rollout to version " + version + " finished");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long endMs = System.currentTimeMillis();
        RolloutView r = c.rollout("motion");
        System.out.printf("B. PUT motion (version %d -> %d) -> rollout %s: %d ms (server stamps: %d ms); failures %d, updated %d of %d; %s%n",
            old.version(), version, r.status().wireName(), ms, r.endedMs() - r.startedMs(), r.failures(), r.updated(), r.streams(), load());
        FrameAudit audit = finish(mc, streams, new FrameAudit.Change(startMs, endMs, 4, before, null), settleMs);
        printStreams("B", audit);
        String counts = counts("B", audit, mc, count, mc.staleEventsDropped());
        summary.add(String.format("summary B, rollout over %d streams: PUT -> %s %d ms; %s", count, r.status().wireName(), ms, counts));
      } catch (Exception e) {
        mc.dumpServerThreads();
        throw e;
      }
    }
  }

  /**
   * C: {@code count} streams of one kind at 10 fps drained from node-1 to node-2, {@code parallel} at a time; run
   * once with exclusive streams and once with overlap ones (the baseline), each on its own cluster
   * so that neither run carries the other's load.
   */
  private void gapPart(Path jar, Path work, String broker, String handover, int count, int parallel, int settleMs) throws Exception {
    String part = "C " + handover;
    System.out.printf("%n%s. move gap: 1 server, 2 agents, %d %s streams at 10 fps on node-1, drain node-1 (max_parallel %d)%n", part, count,
        handover, parallel);
    try (MoveCluster mc = new MoveCluster(jar, work, broker, patientDetector)) {
      try {
        mc.startAgent("node-1");
        mc.waitForReadyNodes(1);
        List<String> streams = mc.createStreams(handover.substring(0, 2), count, 10, handover, new StreamRequest.ResourceRequest(50, 32, null, null));
        mc.waitSteady(count);
        mc.startAgent("node-2");
        mc.waitForReadyNodes(2);
        Thread.sleep(settleMs);
        Map<String, Long> before = mc.epochs();
        System.out.println(part + ". before the drain: " + load() + "; node state changes so far " + mc.log().nodeStates());
        long startMs = System.currentTimeMillis();
        long[] ms = drain(mc.client(), "node-1", parallel);
        long endMs = System.currentTimeMillis();
        System.out.printf("%s. drain request -> node-1 drained: %d ms (server stamps: %d ms); streams left on node-1: %d; %s%n", part, ms[0],
            ms[1], mc.streamsOn("node-1"), load());
        FrameAudit audit = finish(mc, streams, new FrameAudit.Change(startMs, endMs, 10, before, null), settleMs);
        for (FrameAudit.Move m : audit.moves()) {
          System.out.printf("%s. move %s: epoch %d -> %d, gap processed %d frames (%d ms), in the log %s%n", part, m.stream(), m.fromEpoch(),
              m.toEpoch(), m.rawGap(), m.rawGap() * 100, m.logGap() == null ? "n/a" : m.logGap() + " frames (" + m.logGap() * 100 + " ms)");
        }
        printStreams(part, audit.rows().stream().filter(MoveBench::anomalous).toList());
        String gaps = gaps(audit);
        System.out.printf("%s. %s%n", part, gaps);
        String counts = counts(part, audit, mc, count, mc.staleEventsDropped());
        summary.add(String.format("summary %s, drain of %d streams: drain request -> drained %d ms; %s", part, count, ms[0], gaps));
        summary.add(String.format("summary %s, %s", part, counts));
      } catch (Exception e) {
        mc.dumpServerThreads();
        throw e;
      }
    }
  }

  /** Drains {@code node}; returns {ms from the request to drained on the client, ms between the server's own stamps}. */
  private static long[] drain(StreamfleetClient c, String node, int maxParallel) throws Exception {
    long t0 = System.nanoTime();
    c.drain(node, maxParallel, 600);
    BenchCluster.waitUntil(() -> c.node(node).state() == NodeState.DRAINED, 600_000, node + " drained");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Drain d = c.node(node).drain();
    return new long[] {ms, d == null ? -1 : d.drainedMs() - d.startedMs()};
  }

  /**
   * After the change: waits until every stream runs again with no move in flight, takes the epochs,
   * lets the last events arrive, then compares the observers.
   */
  private static FrameAudit finish(MoveCluster mc, List<String> streams, FrameAudit.Change c, int settleMs) throws Exception {
    mc.waitSteady(streams.size());
    Map<String, Long> after = mc.epochs();
    Thread.sleep(settleMs);
    return mc.audit(streams, new FrameAudit.Change(c.startMs(), c.endMs(), c.fps(), c.epochsBefore(), after));
  }

  private static boolean anomalous(FrameAudit.StreamRow r) {
    return r.framesLost() > 0 || r.eventsLost() > 0 || r.twiceInLog() > 0 || r.tapMissed() > 0 || r.otherRestarts() > 0;
  }

  private static void printStreams(String part, FrameAudit audit) {
    printStreams(part, audit.rows());
  }

  /** One line per stream; the epochs' frame spans and the lost events' frames only where something is off. */
  private static void printStreams(String part, List<FrameAudit.StreamRow> rows) {
    for (FrameAudit.StreamRow r : rows) {
      System.out.printf("%s. stream %s: frames %d..%d (%d), epochs %s, lost %d (during the change %d), events lost %d (during the change %d),"
          + " twice in the log %d, produced twice %d, tap missed %d%s%n", part, r.stream(), r.first(), r.last(), r.frames(), r.epochs(),
          r.framesLost(), r.lostDuring(), r.eventsLost(), r.eventsLostDuring(), r.twiceInLog(), r.producedTwice(), r.tapMissed(),
          anomalous(r) ? "; " + r.detail() : "");
    }
  }

  /** Prints the part's totals and returns them as one line for the summary. */
  private static String counts(String part, FrameAudit a, MoveCluster mc, int streams, long stale) {
    long frames = a.sum(FrameAudit.StreamRow::frames);
    String line = String.format("%d of %d streams with frames, %d frames in the window: frames lost %d (due during the change %d;"
        + " between two instances %d, the rest skipped within one), events lost %d (during the change %d), twice in the log %d, produced"
        + " twice %d (during the change %d; dropped by the de-duplication); hand-over markers %d; streams moved by the change %d;"
        + " instance changes outside it %d; node state changes %s", a.streamsWithFrames(), streams, frames,
        a.sum(FrameAudit.StreamRow::framesLost), a.sum(FrameAudit.StreamRow::lostDuring), a.sum(FrameAudit.StreamRow::lostBetweenInstances),
        a.sum(FrameAudit.StreamRow::eventsLost), a.sum(FrameAudit.StreamRow::eventsLostDuring), a.sum(FrameAudit.StreamRow::twiceInLog),
        a.sum(FrameAudit.StreamRow::producedTwice), a.sum(FrameAudit.StreamRow::producedTwiceDuring), mc.log().handovers(), a.moves().size(),
        a.sum(FrameAudit.StreamRow::otherRestarts), mc.log().nodeStates());
    System.out.printf("%s. %s%n", part, line);
    System.out.printf("%s. observers: log entries never seen (reader behind the 10,000-entry log) %d, failed log polls %d; tap missed %d,"
        + " MQTT redeliveries %d, unreadable %d; server's streamfleet_events_stale_total %d%n", part, mc.log().unseenEntries(),
        mc.log().failedPolls(), a.sum(FrameAudit.StreamRow::tapMissed), mc.tap().redeliveries(), mc.tap().unreadable(), stale);
    return line;
  }

  /** The gap of each of the change's moves, at 100 ms a frame: as processed (raw events) and as the log shows it. */
  private static String gaps(FrameAudit audit) {
    List<Long> processed = audit.moves().stream().map(m -> m.rawGap() * 100).toList();
    List<Long> inLog = audit.moves().stream().filter(m -> m.logGap() != null).map(m -> m.logGap() * 100).toList();
    return String.format("%d streams moved; gap, processed frames: %s; gap, frames in the log: %s", audit.moves().size(), fmt(processed),
        fmt(inLog));
  }

  /** The machine's load average (/proc/loadavg): the benchmark shares its 2 cores. */
  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return "load average " + f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "load average unknown";
    }
  }

  private static String fmt(List<Long> ms) {
    if (ms.isEmpty()) {
      return "n=0";
    }
    List<Long> s = ms.stream().sorted().toList();
    return String.format("n=%d min %d ms, p50 %d ms, p99 %d ms, max %d ms", s.size(), s.getFirst(), pct(s, 50), pct(s, 99), s.getLast());
  }

  private static long pct(List<Long> sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static int num(Map<String, String> o, String name) {
    return BenchArgs.num(o, name);
  }
}
