package io.streamfleet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaseTest {
  private long now = 10_000;
  private final Lease lease = new Lease(() -> now);

  @Test
  void isInvalidUntilTheFirstAcknowledgement() {
    assertThat(lease.valid()).isFalse();
  }

  @Test
  void runsFromTheAcknowledgedHeartbeatsSendTimeNotFromTheAck() {
    long sent = now;
    now += 400; // the ack arrives late
    lease.acknowledged(sent, 1500);

    now = sent + 1499;
    assertThat(lease.valid()).isTrue();
    now = sent + 1500;
    assertThat(lease.valid()).isFalse();
  }

  @Test
  void aLateAckOfAnOlderHeartbeatNeverShortensIt() {
    lease.acknowledged(10_500, 1500);
    lease.acknowledged(10_000, 1500);
    now = 11_900;
    assertThat(lease.valid()).isTrue();
  }
}
