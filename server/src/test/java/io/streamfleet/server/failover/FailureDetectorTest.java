package io.streamfleet.server.failover;

import io.streamfleet.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
  private static final long T0 = 1_000_000;
  /** heartbeat 250, suspect 600, down 1000, grace 300, leader grace 5000, flap 2 / 60 s / hold 30 s. */
  private static final DetectorSettings S = DetectorSettings.DEFAULTS;

  private final ManualClock clock = new ManualClock(T0);
  private final ManualTimers timers = new ManualTimers(clock);
  private final List<String> verdicts = new ArrayList<>();
  private final FailureDetector detector = new FailureDetector(S, clock, timers, new FailureDetector.Verdicts() {
    @Override
    public void suspect(String nodeId, long incarnation, String reason) {
      verdicts.add(clock.millis() - T0 + " suspect " + nodeId + "/" + incarnation);
    }

    @Override
    public void ready(String nodeId, long incarnation, String reason) {
      verdicts.add(clock.millis() - T0 + " ready " + nodeId + "/" + incarnation);
    }

    @Override
    public void down(String nodeId, long incarnation, String reason, long lastHeardMs) {
      verdicts.add(clock.millis() - T0 + " down " + nodeId + "/" + incarnation + " last " + (lastHeardMs - T0));
    }
  });

  @BeforeEach
  void leadWithNoNodes() {
    detector.becameLeader(Map.of());
  }

  /** Heartbeats from {@code node} every interval until {@code untilMs} (relative to T0). */
  private void beatUntil(String node, long incarnation, long untilMs) {
    while (clock.millis() + S.heartbeatIntervalMs() <= T0 + untilMs) {
      timers.advanceBy(S.heartbeatIntervalMs());
      detector.heartbeat(node, incarnation);
    }
  }

  @Nested
  class HeartbeatSilence {
    @Test
    void aNodeThatKeepsBeatingIsNeverSuspected() {
      detector.registered("n1", 7);
      beatUntil("n1", 7, 60_000);
      timers.advanceTo(T0 + 60_000);

      assertThat(verdicts).isEmpty();
    }

    @Test
    void aSilentNodeIsSuspectAfter600MsAndDownAfter1000MsCountedFromItsLastHeartbeat() {
      detector.registered("n1", 7);
      beatUntil("n1", 7, 1000);
      timers.advanceTo(T0 + 10_000);

      assertThat(verdicts).containsExactly("1600 suspect n1/7", "2000 down n1/7 last 1000");
    }

    @Test
    void heartbeatsThatResumeBeforeTheLimitMakeTheNodeReadyAgainWithoutDown() {
      detector.registered("n1", 7);
      timers.advanceTo(T0 + 700); // silent for 700 ms: suspect
      detector.heartbeat("n1", 7);
      timers.advanceTo(T0 + 700);
      beatUntil("n1", 7, 5000);
      timers.advanceTo(T0 + 5000);

      assertThat(verdicts).containsExactly("600 suspect n1/7", "700 ready n1/7");
    }

    @Test
    void heartbeatsOfAnOldIncarnationDoNotKeepTheNewOneAlive() {
      detector.registered("n1", 8);
      beatUntil("n1", 7, 3000);

      assertThat(verdicts).containsExactly("600 suspect n1/8", "1000 down n1/8 last 0");
    }
  }

  @Nested
  class ClosedSession {
    @Test
    void isSuspectAtOnceAndDownAfterTheReconnectGrace() {
      detector.registered("n1", 7);
      beatUntil("n1", 7, 500);
      detector.sessionClosed("n1", 7, "connection reset");
      timers.advanceTo(T0 + 5000);

      assertThat(verdicts).containsExactly("500 suspect n1/7", "800 down n1/7 last 500");
    }

    @Test
    void aReconnectWithinTheGraceCancelsTheDown() {
      detector.registered("n1", 7);
      detector.sessionClosed("n1", 7, "connection reset");
      timers.advanceTo(T0 + 200);
      assertThat(detector.registered("n1", 7)).isNull();
      beatUntil("n1", 7, 5000);
      timers.advanceTo(T0 + 5000);

      assertThat(verdicts).containsExactly("0 suspect n1/7");
      assertThat(detector.isConnected("n1")).isTrue();
    }

    @Test
    void aRestartedAgentWithANewIncarnationWithinTheGraceAlsoCancelsIt() {
      detector.registered("n1", 7);
      detector.sessionClosed("n1", 7, "connection reset");
      timers.advanceTo(T0 + 100);
      detector.registered("n1", 8);
      beatUntil("n1", 8, 3000);

      assertThat(verdicts).containsExactly("0 suspect n1/7");
    }

    @Test
    void theCloseOfAReplacedSessionIsIgnored() {
      detector.registered("n1", 7);
      detector.registered("n1", 8);
      detector.sessionClosed("n1", 7, "old session went away");
      beatUntil("n1", 8, 3000);

      assertThat(verdicts).isEmpty();
    }
  }

  @Nested
  class FlapDamping {
    @Test
    void aNodeLosingItsSessionThreeTimesInAMinuteIsHeldUntilStableFor30Seconds() {
      for (int i = 0; i < 3; i++) {
        assertThat(detector.registered("n1", 7)).isNull();
        beatUntil("n1", 7, clock.millis() - T0 + 5000);
        detector.sessionClosed("n1", 7, "reset");
        timers.advanceBy(100);
      }
      verdicts.clear();
      long back = clock.millis() - T0;

      String hold = detector.registered("n1", 7);
      beatUntil("n1", 7, back + 40_000);

      assertThat(hold).startsWith("flapping (penalty ").contains("held without new streams until connected for 30 s");
      assertThat(verdicts).containsExactly((back + 30_000) + " ready n1/7");
    }

    @Test
    void aNodeThatLostItsSessionLongAgoIsNotHeld() {
      for (int i = 0; i < 3; i++) {
        detector.registered("n1", 7);
        detector.sessionClosed("n1", 7, "reset");
        timers.advanceBy(100);
      }
      timers.advanceBy(10 * 60_000); // the penalty halves every minute

      assertThat(detector.registered("n1", 7)).isNull();
    }

    @Test
    void aHeldNodeThatDropsAgainStaysHeldAndIsNotReleasedByTheOldTimer() {
      for (int i = 0; i < 3; i++) {
        detector.registered("n1", 7);
        detector.sessionClosed("n1", 7, "reset");
        timers.advanceBy(100);
      }
      assertThat(detector.registered("n1", 7)).isNotNull();
      timers.advanceBy(10_000);
      detector.sessionClosed("n1", 7, "reset");
      timers.advanceBy(100);
      verdicts.clear();

      assertThat(detector.registered("n1", 7)).isNotNull();
      beatUntil("n1", 7, clock.millis() - T0 + 25_000);
      assertThat(verdicts).isEmpty();
    }
  }

  @Nested
  class LeaderChange {
    @Test
    void nodesOfTheCommittedStateGetTheLeaderGraceBeforeSilenceCounts() {
      detector.becameLeader(Map.of("n1", 7L, "n2", 9L));
      timers.advanceTo(T0 + 1500);
      detector.registered("n1", 7);
      beatUntil("n1", 7, 10_000);
      timers.advanceTo(T0 + 10_000);

      assertThat(verdicts).containsExactly("4600 suspect n2/9", "5000 down n2/9 last 4000");
    }

    @Test
    void afterLosingLeadershipNothingIsDeclared() {
      detector.registered("n1", 7);
      detector.lostLeadership();
      detector.sessionClosed("n1", 7, "reset");
      timers.advanceTo(T0 + 60_000);

      assertThat(verdicts).isEmpty();
      assertThat(detector.registered("n2", 1)).isNull();
    }
  }
}
