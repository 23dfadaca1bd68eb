package io.streamfleet.simulation;

import java.util.List;
import java.util.Locale;

/** A broken property: says which, where in the run, and how to run that seed again. */
final class SimulationFailure extends AssertionError {
  private final long seed;
  private final String what;

  SimulationFailure(long seed, long step, long atMs, String what, Schedule schedule, List<String> lastEvents) {
    super(String.format(Locale.ROOT, "%s%nseed %d, step %d, at %.3f s%nreproduce: %s%n%s%nlast events:%n%s", what, seed, step,
        atMs / 1000.0, reproduction(seed), schedule.describe(), String.join("\n", lastEvents)));
    this.seed = seed;
    this.what = what;
  }

  long seed() {
    return seed;
  }

  /** The broken property alone. */
  String what() {
    return what;
  }

  static String reproduction(long seed) {
    return "./mvnw -B -o -q -pl simulation -am test -Dtest=FailoverSimulationTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed="
        + seed + " -Dsim.trace=true";
  }
}
