package io.streamfleet.agent.builtin;

import static io.streamfleet.agent.builtin.FrameBuilder.aFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class LatestFrameMailboxTest {
  private final LatestFrameMailbox mailbox = new LatestFrameMailbox();

  private static Frame frame(long sequence) {
    return aFrame(16, 16).sequence(sequence).build();
  }

  @Test
  void handsOverAFrame() throws Exception {
    assertThat(mailbox.offer(frame(0))).isFalse();

    assertThat(mailbox.take(1).sequence()).isZero();
  }

  @Test
  void aConsumerBehindForAMomentStillGetsEveryFrameInOrder() throws Exception {
    mailbox.offer(frame(0));
    mailbox.offer(frame(1));

    assertThat(mailbox.offer(frame(2))).isFalse();
    assertThat(mailbox.take(1).sequence()).isZero();
    assertThat(mailbox.take(1).sequence()).isEqualTo(1);
    assertThat(mailbox.take(1).sequence()).isEqualTo(2);
  }

  @Test
  void aFrameArrivingAtAFullMailboxPushesTheOldestOutAndSaysSo() throws Exception {
    for (long i = 0; i < LatestFrameMailbox.CAPACITY; i++) {
      mailbox.offer(frame(i));
    }

    assertThat(mailbox.offer(frame(9))).isTrue();
    assertThat(mailbox.take(1).sequence()).isEqualTo(1);
  }

  @Test
  void deliversTheLastFrameAfterFinishThenNull() throws Exception {
    mailbox.offer(frame(3));
    mailbox.finish();

    assertThat(mailbox.take(1).sequence()).isEqualTo(3);
    assertThat(mailbox.take(1)).isNull();
  }

  @Test
  void timesOutWhenNothingComes() {
    assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> mailbox.take(1_000_000));
  }

  @Test
  void wakesAWaitingConsumer() throws Exception {
    Thread producer = Thread.ofVirtual().start(() -> mailbox.offer(frame(7)));

    assertThat(mailbox.take(Long.MAX_VALUE).sequence()).isEqualTo(7);
    producer.join();
  }
}
