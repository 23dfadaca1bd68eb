package io.streamfleet.simulation;

import io.streamfleet.model.BuiltinProcessors;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.scheduler.StreamSlot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Random schedules from a seed: 3–6 nodes (mostly in two zones), 5–30 streams (about a third
 * exclusive; some bound to a zone, some of those allowed anywhere with overlap zone "*"), and 2–8
 * faults starting between {@value #FAULTS_FROM_MS} and {@value #FAULTS_UNTIL_MS} ms: agent
 * crashes and pauses (some past the lease), partitions both ways or one way (held or dropped),
 * slow links, leader changes, deposed leaders that go on acting, leader wall-clock steps of up to
 * 5 s, and planned changes of a running stream (preempted, moved, updated, deleted and created
 * again). Processor stops take from nothing to 10 s (see {@link SimulatedDriver}).
 *
 * <p>Capacity is never what keeps a stream from running: every node could hold all streams, so
 * convergence can be demanded of every schedule. A node has one fault at a time; a leader change
 * may overlap node faults.
 */
final class ScheduleGenerator {
  static final long FAULTS_FROM_MS = Schedule.SETTLED_MS;
  static final long FAULTS_UNTIL_MS = 7_500;
  private static final String[] ZONES = {"zone-a", "zone-b"};

  private ScheduleGenerator() {}

  static Schedule random(long seed) {
    Random r = new Random(seed);
    boolean zoned = r.nextInt(10) < 7;
    List<StreamPlan> streams = streams(r, zoned);
    int cpu = streams.stream().mapToInt(s -> s.spec().resources().cpuMillis()).sum();
    int memory = streams.stream().mapToInt(s -> s.spec().resources().memoryMb()).sum();
    List<NodePlan> nodes = new ArrayList<>();
    int count = 3 + r.nextInt(4);
    for (int i = 1; i <= count; i++) {
      String zone = zoned ? ZONES[(i - 1) % ZONES.length] : null;
      nodes.add(new NodePlan("node-" + i, zone, Resources.of(cpu + 500 * r.nextInt(4), memory + 512), r.nextLong(300)));
    }
    return new Schedule(seed, nodes, streams, faults(r, nodes, streams));
  }

  /** Created during the first 1.5 s: some before any node has registered, most after. */
  private static List<StreamPlan> streams(Random r, boolean zoned) {
    List<StreamPlan> out = new ArrayList<>();
    int count = 5 + r.nextInt(26);
    for (int i = 1; i <= count; i++) {
      String id = String.format(Locale.ROOT, "cam-%02d", i);
      HandoverPolicy handover = r.nextInt(10) < 3 ? HandoverPolicy.EXCLUSIVE : HandoverPolicy.OVERLAP;
      int placement = r.nextInt(100);
      String zone = zoned && placement < 40 ? ZONES[r.nextInt(ZONES.length)] : null;
      SortedSet<String> overlap = zone != null && placement < 15 ? new TreeSet<>(Set.of(StreamSlot.ANY_ZONE)) : null;
      Resources request = Resources.of(250 * (1 + r.nextInt(3)), 128 * (1 + r.nextInt(2)));
      out.add(new StreamPlan(new StreamSpec(id, "rtsp://camera.test/" + id, BuiltinProcessors.MOTION, zone, request, null,
          r.nextInt(3), handover, null, null, overlap, null), r.nextLong(1500)));
    }
    return out;
  }

  private static List<Fault> faults(Random r, List<NodePlan> nodes, List<StreamPlan> streams) {
    List<Fault> out = new ArrayList<>();
    Map<String, Long> busyUntil = new HashMap<>();
    long leaderBusyUntil = 0;
    int count = 2 + r.nextInt(7);
    for (int i = 0; i < count; i++) {
      long at = FAULTS_FROM_MS + r.nextLong(FAULTS_UNTIL_MS - FAULTS_FROM_MS);
      String node = nodes.get(r.nextInt(nodes.size())).id();
      int kind = r.nextInt(100);
      if (kind < 13) {
        at = Math.max(at, leaderBusyUntil + 100);
        Fault f;
        if (kind < 6) {
          f = new Fault.LeaderChange(at, between(r, 200, 1500));
        } else if (kind < 10) {
          long election = between(r, 400, 800);
          f = new Fault.DeposedLeader(at, election + r.nextLong(1500), election);
        } else {
          f = new Fault.LeaderClockStep(at, between(r, 200, 3000), (r.nextBoolean() ? 1 : -1) * between(r, 1000, 5000));
        }
        leaderBusyUntil = f.endMs();
        out.add(f);
        continue;
      }
      if (kind >= 78) {
        StreamPlan s = streams.get(r.nextInt(streams.size()));
        Fault.StreamChange.Kind change = Fault.StreamChange.Kind.values()[r.nextInt(Fault.StreamChange.Kind.values().length)];
        out.add(new Fault.StreamChange(s.spec().id(), change, node, at, change == Fault.StreamChange.Kind.RECREATE ? r.nextLong(2000) : 0));
        continue;
      }
      at = Math.max(at, busyUntil.getOrDefault(node, 0L) + 100 + r.nextLong(400));
      Fault f;
      if (kind < 30) {
        f = new Fault.Crash(node, at, between(r, 100, 3000));
      } else if (kind < 42) {
        f = new Fault.Partition(node, at, between(r, 200, 3000), Network.Cut.HOLD);
      } else if (kind < 50) {
        f = new Fault.Partition(node, at, between(r, 200, 3000), Network.Cut.DROP);
      } else if (kind < 56) {
        f = new Fault.Partition(node, at, between(r, 200, 3000), r.nextBoolean() ? Network.Cut.HOLD : Network.Cut.DROP,
            r.nextBoolean() ? Network.Direction.TO_LEADER : Network.Direction.TO_AGENT);
      } else if (kind < 70) {
        f = new Fault.Pause(node, at, between(r, 100, 4000));
      } else {
        f = new Fault.SlowLink(node, at, between(r, 300, 3000), between(r, 100, 400));
      }
      busyUntil.put(node, f.endMs());
      out.add(f);
    }
    out.sort(Comparator.comparingLong(Fault::atMs));
    return out;
  }

  private static long between(Random r, long from, long to) {
    return from + r.nextLong(to - from + 1);
  }
}
