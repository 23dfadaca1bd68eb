package io.streamfleet.simulation;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The seeds (of the default 10,000) in which the random runs met each {@link KnownGap}, run with
 * that one gap no longer excused. Each fails today; enable it when its gap is fixed. Seed 1995
 * also needs no pause of the overlapping agent beyond its lease: there the leader itself renewed
 * the lease.
 */
class KnownGapsTest {
  private static void runStrictAbout(KnownGap gap, long... seeds) {
    Set<KnownGap> others = EnumSet.allOf(KnownGap.class);
    others.remove(gap);
    for (long seed : seeds) {
      Simulation.run(ScheduleGenerator.random(seed), new Simulation.Options(false, false, others));
    }
  }

  @Test
  @Disabled("TODO(failover): KnownGap.FROZEN_PAST_LEASE, a paused agent's exclusive processor outlives its lease")
  void aPausedAgentsExclusiveProcessorNeverOutlivesItsLease() {
    runStrictAbout(KnownGap.FROZEN_PAST_LEASE, 9, 19, 24, 33, 35);
  }

  /** Fixed: the reconciler asks the lease itself before starting exclusive instances. */
  @Test
  void anAgentNeverStartsAnExclusiveProcessorWithAnExpiredLease() {
    runStrictAbout(KnownGap.STARTED_ON_STALE_LEASE, 262, 4125, 4351, 9922);
  }

  /** Fixed: the leader acknowledges heartbeats only from nodes its detector still watches. */
  @Test
  void theLeaderNeverRenewsALeaseAfterDeclaringTheNodeDown() {
    runStrictAbout(KnownGap.LEASE_RENEWED_AFTER_DOWN, 1995);
  }
}
