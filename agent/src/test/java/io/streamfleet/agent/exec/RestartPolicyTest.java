package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.exec.RestartPolicy.Decision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  @Test
  void backoffDoublesFromOneSecondAndIsCappedAtThirtySeconds() {
    RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 100, Duration.ofSeconds(60), Duration.ofSeconds(60));
    long now = 0;
    long[] expected = {1, 2, 4, 8, 16, 30, 30};
    for (long seconds : expected) {
      policy.started(now);
      now += 20_000; // 20 s runs: too long for the window below to fill, too short to reset
      assertThat(policy.decide(now, 1)).isEqualTo(new Decision.Restart(Duration.ofSeconds(seconds)));
    }
  }

  @Test
  void aRunOfSixtySecondsResetsTheBackoff() {
    RestartPolicy policy = RestartPolicy.defaults();
    policy.started(0);
    assertThat(policy.decide(1_000, 1)).isEqualTo(new Decision.Restart(Duration.ofSeconds(1)));
    policy.started(2_000);
    assertThat(policy.decide(3_000, 1)).isEqualTo(new Decision.Restart(Duration.ofSeconds(2)));
    policy.started(5_000);
    assertThat(policy.decide(65_000, 1)).isEqualTo(new Decision.Restart(Duration.ofSeconds(1)));
  }

  @Test
  void fiveExitsWithinSixtySecondsGiveUp() {
    RestartPolicy policy = RestartPolicy.defaults();
    for (int i = 0; i < 4; i++) {
      policy.started(i * 1_000L);
      assertThat(policy.decide(i * 1_000L + 500, 2)).isInstanceOf(Decision.Restart.class);
    }
    policy.started(4_000);
    assertThat(policy.decide(4_500, 2)).isEqualTo(new Decision.GiveUp("crashed 5 times in 60 s (last exit code 2)"));
  }

  @Test
  void exitsOlderThanTheWindowDoNotCountTowardsTheCrashLoop() {
    RestartPolicy policy = RestartPolicy.defaults();
    long[] exits = {0, 20_000, 40_000, 59_000, 70_000, 85_000}; // never 5 within 60 s
    for (long at : exits) {
      policy.started(at - 10);
      assertThat(policy.decide(at, 1)).isInstanceOf(Decision.Restart.class);
    }
  }

  @Test
  void aCleanExitIsRestartedToo() {
    RestartPolicy policy = RestartPolicy.defaults();
    policy.started(0);
    assertThat(policy.decide(100, 0)).isEqualTo(new Decision.Restart(Duration.ofSeconds(1)));
  }
}
