package io.streamfleet.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Random failover schedules, each checked after every step, nothing excused: the
 * {@value #DEFAULT_RUNS} fixed seeds 1, 2, ... (the same in every run), then
 * {@value #DEFAULT_DERIVED} seeds derived from the commit under test, so every commit explores
 * schedules no earlier one did (the derived seeds are printed; any of them reproduces with
 * {@code -Dsim.seed=N}).
 *
 * <p>{@code -Dsim.seed=N} runs only seed N ({@code -Dsim.trace=true} prints its events);
 * {@code -Dsim.runs=N} and {@code -Dsim.derived=N} change the counts; {@code -Dsim.threads=N}
 * spreads the schedules over N threads (each schedule is still one deterministic run), for long
 * runs such as {@code -Dsim.runs=1000000}.
 */
class FailoverSimulationTest {
  static final int DEFAULT_RUNS = 10_000;
  static final int DEFAULT_DERIVED = 1_000;
  private static final int FAILURES_LISTED = 20;

  @Test
  void randomSchedulesKeepEveryInvariantAndConverge() {
    String only = System.getProperty("sim.seed");
    if (only != null) {
      long seed = Long.parseLong(only.trim());
      Simulation.Result r = Simulation.run(ScheduleGenerator.random(seed), new Simulation.Options(Boolean.getBoolean("sim.trace"), false));
      System.out.printf(Locale.ROOT, "seed %d: %d steps, %.1f simulated s, %d node(s) declared down, %s, trace %016x%n", seed,
          r.steps(), r.simulatedMs() / 1000.0, r.nodesDeclaredDown(), describe(r.jobs()), r.traceHash());
      return;
    }
    int runs = Integer.getInteger("sim.runs", DEFAULT_RUNS);
    int derived = Integer.getInteger("sim.derived", DEFAULT_DERIVED);
    long base = derivedSeedBase();
    System.out.printf(Locale.ROOT, "seeds: 1..%d fixed, then %d derived from the commit: %d..%d%n", runs, derived, base,
        base + derived - 1);
    LongStream seeds = LongStream.concat(LongStream.rangeClosed(1, runs), LongStream.range(base, base + derived));
    run(seeds, Integer.getInteger("sim.threads", 1));
  }

  private static void run(LongStream seeds, int threads) {
    List<SimulationFailure> failures = new ArrayList<>();
    AtomicLong schedules = new AtomicLong();
    AtomicLong steps = new AtomicLong();
    AtomicLong simulatedMs = new AtomicLong();
    AtomicLong downs = new AtomicLong();
    java.util.concurrent.atomic.AtomicReference<Simulation.JobCounts> jobs = new java.util.concurrent.atomic.AtomicReference<>(
        Simulation.JobCounts.NONE);
    long started = System.nanoTime(); // wall time, for the report only
    LongStream stream = threads > 1 ? seeds.parallel() : seeds;
    Runnable all = () -> stream.forEach(seed -> {
      try {
        Simulation.Result r = Simulation.run(ScheduleGenerator.random(seed), Simulation.Options.QUIET);
        steps.addAndGet(r.steps());
        simulatedMs.addAndGet(r.simulatedMs());
        downs.addAndGet(r.nodesDeclaredDown());
        jobs.accumulateAndGet(r.jobs(), Simulation.JobCounts::plus);
      } catch (SimulationFailure f) {
        synchronized (failures) {
          failures.add(f);
        }
      }
      schedules.incrementAndGet();
    });
    if (threads > 1) {
      java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
      pool.submit(all).join();
      pool.shutdown();
    } else {
      all.run();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "%d schedules in %.1f s (%.0f/s): %d failed, %d steps, %.0f simulated s, %d node(s) declared down, %s%n",
        schedules.get(), seconds, schedules.get() / seconds, failures.size(), steps.get(), simulatedMs.get() / 1000.0, downs.get(),
        describe(jobs.get()));
    failures.sort(java.util.Comparator.comparingLong(SimulationFailure::seed));
    assertThat(failures).as(() -> report(failures)).isEmpty();
  }

  /**
   * The first seed of the commit's own schedules: from the commit id of the checkout (git), or
   * {@code -Dsim.derivedBase=N}; far above the fixed seeds either way.
   */
  private static long derivedSeedBase() {
    String given = System.getProperty("sim.derivedBase");
    if (given != null) {
      return Long.parseLong(given.trim());
    }
    String commit = gitHead();
    long hash = commit == null ? 0x5eed : Long.parseUnsignedLong(commit.substring(0, 12), 16);
    return 1_000_000_000L + Math.floorMod(hash, 1_000_000_000_000L);
  }

  private static String gitHead() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String describe(Simulation.JobCounts j) {
    return String.format(Locale.ROOT, "%d job(s): %d succeeded, %d failed, %d attempt(s), %d preemption(s)", j.jobs(), j.succeeded(),
        j.failed(), j.attempts(), j.preemptions());
  }

  private static String report(List<SimulationFailure> failures) {
    StringBuilder b = new StringBuilder(failures.size() + " schedule(s) broke an invariant. First:\n" + failures.getFirst().getMessage()
        + "\n\nAll (seed: what):\n");
    failures.stream().limit(FAILURES_LISTED).forEach(f -> b.append("  ").append(f.seed()).append(": ").append(f.what()).append('\n'));
    if (failures.size() > FAILURES_LISTED) {
      b.append("  ... and ").append(failures.size() - FAILURES_LISTED).append(" more\n");
    }
    return b.toString();
  }
}
