package io.streamfleet.simulation;

import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Random failover schedules, {@value #DEFAULT_RUNS} of them (seeds 1, 2, ...), each checked after
 * every step, nothing excused. {@code -Dsim.seed=N} runs only seed N ({@code -Dsim.trace=true}
 * prints its events); {@code -Dsim.runs=N} changes the count.
 */
class FailoverSimulationTest {
  static final int DEFAULT_RUNS = 10_000;
  private static final int FAILURES_LISTED = 20;

  @Test
  void randomSchedulesKeepEveryInvariantAndConverge() {
    String only = System.getProperty("sim.seed");
    if (only != null) {
      long seed = Long.parseLong(only.trim());
      Simulation.Result r = Simulation.run(ScheduleGenerator.random(seed), new Simulation.Options(Boolean.getBoolean("sim.trace"), false));
      System.out.printf(Locale.ROOT, "seed %d: %d steps, %.1f simulated s, %d node(s) declared down, trace %016x%n", seed,
          r.steps(), r.simulatedMs() / 1000.0, r.nodesDeclaredDown(), r.traceHash());
      return;
    }
    int runs = Integer.getInteger("sim.runs", DEFAULT_RUNS);
    List<SimulationFailure> failures = new ArrayList<>();
    long steps = 0;
    long simulatedMs = 0;
    long downs = 0;
    long started = System.nanoTime(); // wall time, for the report only
    for (long seed = 1; seed <= runs; seed++) {
      try {
        Simulation.Result r = Simulation.run(ScheduleGenerator.random(seed), Simulation.Options.QUIET);
        steps += r.steps();
        simulatedMs += r.simulatedMs();
        downs += r.nodesDeclaredDown();
      } catch (SimulationFailure f) {
        failures.add(f);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "%d schedules in %.1f s (%.0f/s): %d failed, %d steps, %.0f simulated s, %d node(s) declared down%n",
        runs, seconds, runs / seconds, failures.size(), steps, simulatedMs / 1000.0, downs);
    assertThat(failures).as(() -> report(failures)).isEmpty();
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
