package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real watchdog script under bash, guarding real process groups. */
class LeaseWatchdogTest {
  @TempDir Path dir;
  private final AtomicLong monotonicMs = new AtomicLong(1_000_000);
  private final java.util.List<Process> victims = new java.util.ArrayList<>();

  @AfterEach
  void killVictims() {
    victims.forEach(p -> p.destroyForcibly());
  }

  @Test
  void killsAGuardedGroupWhenTheLeaseRunsOutEvenThoughTheAgentDoesNothing() throws Exception {
    try (LeaseWatchdog watchdog = LeaseWatchdog.start(dir, monotonicMs::get)) {
      Process guarded = victim();
      Process unguarded = victim();
      watchdog.leaseUntil(monotonicMs.get() + 300);
      watchdog.guard(guarded.pid());
      watchdog.guard(unguarded.pid());
      watchdog.unguard(unguarded.pid());

      await().atMost(Duration.ofSeconds(10)).until(() -> !guarded.isAlive());
      assertThat(unguarded.isAlive()).as("a group no longer guarded is left alone").isTrue();
    }
  }

  @Test
  void killsEveryGuardedGroupWhenTheAgentGoesAway() throws Exception {
    Process guarded = victim();
    LeaseWatchdog watchdog = LeaseWatchdog.start(dir, monotonicMs::get);
    watchdog.leaseUntil(monotonicMs.get() + 3_600_000);
    watchdog.guard(guarded.pid());

    watchdog.close(); // its input ends, as when the agent is killed

    await().atMost(Duration.ofSeconds(10)).until(() -> !guarded.isAlive());
  }

  @Test
  void aGroupGuardedAfterTheLeaseRanOutIsKilledAtOnce() throws Exception {
    try (LeaseWatchdog watchdog = LeaseWatchdog.start(dir, monotonicMs::get)) {
      watchdog.leaseUntil(monotonicMs.get() - 1);
      Process guarded = victim();
      watchdog.guard(guarded.pid());
      await().atMost(Duration.ofSeconds(10)).until(() -> !guarded.isAlive());
    }
  }

  /** A process in a group of its own (setsid execs in place when the caller is not a group leader). */
  private Process victim() throws Exception {
    Process p = new ProcessBuilder("setsid", "sleep", "600").start();
    victims.add(p);
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcStat.of(p.pid()).map(s -> true).orElse(false));
    return p;
  }
}
