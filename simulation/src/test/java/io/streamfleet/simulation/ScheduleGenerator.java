package io.streamfleet.simulation;

import io.streamfleet.model.BuiltinProcessors;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.job.FfmpegSettings;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.RetryPolicy;
import io.streamfleet.model.job.Scenario;
import io.streamfleet.model.job.Scenarios;
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
 * again). Processor stops take from nothing to 10 s (see {@link SimulatedDriver}). A third of
 * the schedules also have cameras that drop and come back ({@link #cameraFaults}).
 *
 * <p>About half the schedules also get 1–8 batch jobs (FFmpeg scenario jobs), submitted during
 * the first {@value #JOBS_UNTIL_MS} ms. They are drawn from a generator of their own, so a
 * schedule's nodes, streams and faults are exactly what they were before jobs existed.
 *
 * <p>Capacity is never what keeps a stream from running: every node could hold all streams, so
 * convergence can be demanded of every schedule. Jobs take what is left (see {@link #jobs}): each
 * can finish, but a node that takes a failed node's streams may have to preempt the jobs it runs.
 * A node has one fault at a time; a leader change may overlap node faults.
 */
final class ScheduleGenerator {
  static final long FAULTS_FROM_MS = Schedule.SETTLED_MS;
  static final long FAULTS_UNTIL_MS = 7_500;
  private static final String[] ZONES = {"zone-a", "zone-b"};
  static final long JOBS_UNTIL_MS = 6_000;
  static final int MAX_JOBS = 8;
  /** Every node has this much memory beyond all the streams: a job of at most this much always fits beside them. */
  static final int JOB_MAX_MEMORY_MB = 512;
  /** Short backoffs, so that a job failing twice still finishes long before the convergence limit. */
  static final RetryPolicy JOB_RETRY = new RetryPolicy(3, 200, 1_000);
  /** Never reached: attempts run at most {@link SimulatedDriver#JOB_MAX_RUN_MS}. */
  static final long JOB_TIMEOUT_MS = 600_000;
  static final String JOB_SCENARIO = "480p30-h264";
  static final FfmpegSettings JOB_SETTINGS = Scenarios.builtin().stream().filter(s -> s.name().equals(JOB_SCENARIO))
      .map(Scenario::settings).findFirst().orElseThrow();

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
      nodes.add(new NodePlan("node-" + i, zone, Resources.of(cpu + 500 * r.nextInt(4), memory + JOB_MAX_MEMORY_MB), r.nextLong(300)));
    }
    List<Fault> faults = new ArrayList<>(faults(r, nodes, streams));
    faults.addAll(cameraFaults(seed, streams));
    faults.sort(Comparator.comparingLong(Fault::atMs));
    return new Schedule(seed, nodes, streams, faults, jobs(seed, nodes, cpu));
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
        long duration = change == Fault.StreamChange.Kind.RECREATE ? r.nextLong(2000)
            : change == Fault.StreamChange.Kind.DRAIN ? between(r, 500, 4000) : 0;
        out.add(new Fault.StreamChange(s.spec().id(), change, node, at, duration));
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

  /**
   * Cameras that drop and come back, in a third of the schedules: 1–3 streams' cameras away for
   * 0.5–4 s each, maybe while those streams move, drain or roll out. Drawn from a generator of
   * their own, like the jobs, so the other faults stay what they were.
   */
  static List<Fault> cameraFaults(long seed, List<StreamPlan> streams) {
    Random r = new Random(scrambled(seed * 17 + 3));
    if (r.nextInt(3) != 0) {
      return List.of();
    }
    List<Fault> out = new ArrayList<>();
    int count = 1 + r.nextInt(3);
    for (int i = 0; i < count; i++) {
      String stream = streams.get(r.nextInt(streams.size())).spec().id();
      out.add(new Fault.CameraAway(stream, FAULTS_FROM_MS + r.nextLong(FAULTS_UNTIL_MS - FAULTS_FROM_MS), between(r, 500, 4_000)));
    }
    return out;
  }

  /**
   * The jobs of half the schedules, from their own generator (the schedule's draws stay as they
   * were). Their sizes are chosen so that each job fits on some node wherever the streams end up
   * (there is no automatic rebalancing: after a double failure one node may hold every stream):
   * memory up to the 512 MB every node has beyond all streams; CPU up to half the streams' total,
   * which the lighter of any two nodes has left, or, in a zone of one node, what that node has
   * beyond all streams. So every job can finish, but a node that takes a failed node's streams
   * may have to preempt the jobs it runs.
   */
  static List<JobPlan> jobs(long seed, List<NodePlan> nodes, int streamCpu) {
    Random r = new Random(scrambled(seed * 31 + 7));
    if (r.nextBoolean()) {
      return List.of();
    }
    boolean zoned = nodes.stream().anyMatch(n -> n.zone() != null);
    List<JobPlan> out = new ArrayList<>();
    int count = 1 + r.nextInt(MAX_JOBS);
    for (int i = 1; i <= count; i++) {
      String zone = zoned && r.nextInt(5) == 0 ? ZONES[r.nextInt(ZONES.length)] : null;
      int maxCpu = maxJobCpu(nodes, zone, streamCpu);
      if (maxCpu < 50) {
        zone = null; // its one node may hold every stream and have no room left
        maxCpu = maxJobCpu(nodes, null, streamCpu);
      }
      Resources request = Resources.of(50 * (1 + r.nextInt(maxCpu / 50)), 64 * (1 + r.nextInt(JOB_MAX_MEMORY_MB / 64)));
      JobSpec spec = new JobSpec("job-" + i, JobSpec.SCENARIO, JOB_SCENARIO, JOB_SETTINGS, null, null, null, null, r.nextInt(101),
          request, zone, null, JOB_TIMEOUT_MS, JOB_RETRY, null, null);
      out.add(new JobPlan(spec, r.nextLong(JOBS_UNTIL_MS)));
    }
    out.sort(Comparator.comparingLong(JobPlan::submitAtMs));
    return out;
  }

  /** The largest job CPU that fits, once other jobs are done, on a node of {@code zone} (any, if null) wherever the streams are. */
  private static int maxJobCpu(List<NodePlan> nodes, String zone, int streamCpu) {
    List<NodePlan> in = nodes.stream().filter(n -> zone == null || zone.equals(n.zone())).toList();
    return in.size() >= 2 ? streamCpu / 2 : in.stream().mapToInt(n -> n.capacity().cpuMillis() - streamCpu).min().orElse(0);
  }

  /**
   * SplitMix64's finalizer: nearby seeds give unrelated generators (the first draws of {@code
   * Random}s seeded 1, 2, 3 ... are alike, so without it none of seeds 1–30 would get jobs).
   */
  private static long scrambled(long seed) {
    long z = (seed ^ (seed >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static long between(Random r, long from, long to) {
    return from + r.nextLong(to - from + 1);
  }
}
