package io.streamfleet.agent.builtin;

import static io.streamfleet.agent.builtin.FrameBuilder.aFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectingFrameSourceTest {
  private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(8),
      Duration.ofSeconds(30));
  private final ManualClock clock = new ManualClock(0);
  private final List<String> health = new ArrayList<>();
  private final Deque<Connection> connections = new ArrayDeque<>();
  private int opened;

  /** One scripted connection: {@code frames} frames numbered from 0, a second apart, then its ending. */
  private record Connection(int frames, ScriptedFrameSource.Ending ending, IOException refusal) {}

  private ConnectingFrameSource source(ReconnectPolicy policy) {
    ConnectingFrameSource source = new ConnectingFrameSource(() -> {
      opened++;
      Connection c = connections.removeFirst();
      if (c.refusal() != null) {
        throw c.refusal();
      }
      List<Frame> frames = new ArrayList<>();
      for (int i = 0; i < c.frames(); i++) {
        frames.add(aFrame(8, 8).sequence(i).build());
      }
      return new ScriptedFrameSource(frames, c.ending(), clock, Duration.ofSeconds(1).toNanos());
    }, policy, clock, clock.sleeper(), new SplittableRandom(7));
    source.watch(new SourceHealth() {
      @Override
      public void lost(String reason) {
        health.add("lost: " + reason);
      }

      @Override
      public void restored() {
        health.add("restored");
      }
    });
    return source;
  }

  private void connects(int frames, ScriptedFrameSource.Ending ending) {
    connections.add(new Connection(frames, ending, null));
  }

  private void refuses(String why) {
    connections.add(new Connection(0, null, new IOException(why)));
  }

  @Test
  void aCameraThatDropsIsConnectedAgainAndItsFramesCarryOnNumbering() throws Exception {
    connects(3, ScriptedFrameSource.Ending.END_OF_STREAM);
    connects(2, ScriptedFrameSource.Ending.BLOCK);
    ConnectingFrameSource source = source(POLICY);

    List<Long> sequences = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sequences.add(source.next().sequence());
    }

    assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(health).containsExactly("lost: the camera ended the stream", "restored");
    assertThat(opened).isEqualTo(2);
  }

  @Test
  void anUnreachableCameraIsTriedWithGrowingJitteredDelaysAndEachNewReasonIsReported() throws Exception {
    refuses("Connection refused");
    refuses("Connection refused");
    refuses("Connection refused");
    refuses("No route to host");
    connects(1, ScriptedFrameSource.Ending.BLOCK);
    ConnectingFrameSource source = source(POLICY);

    assertThat(source.next().sequence()).isZero();

    assertThat(health).containsExactly("lost: Connection refused", "lost: No route to host", "restored");
    List<Long> waitsMs = clock.sleeps().stream().map(n -> n / 1_000_000).toList();
    assertThat(waitsMs).hasSize(4);
    assertThat(waitsMs.get(0)).isBetween(250L, 500L);
    assertThat(waitsMs.get(1)).isBetween(500L, 1000L);
    assertThat(waitsMs.get(2)).isBetween(1000L, 2000L);
    assertThat(waitsMs.get(3)).isBetween(2000L, 4000L);
  }

  @Test
  void theDelayNeverExceedsTheMaximum() {
    SplittableRandom random = new SplittableRandom(1);
    for (int failures = 0; failures < 100; failures++) {
      assertThat(POLICY.delay(failures, random)).isLessThanOrEqualTo(Duration.ofSeconds(8));
    }
  }

  @Test
  void aCameraThatDropsRightAfterConnectingKeepsBackingOff() throws Exception {
    for (int i = 0; i < 4; i++) {
      connects(1, ScriptedFrameSource.Ending.FAIL);
    }
    connects(1, ScriptedFrameSource.Ending.BLOCK);
    ConnectingFrameSource source = source(POLICY);

    for (int i = 0; i < 5; i++) {
      source.next();
    }

    List<Long> waitsMs = clock.sleeps().stream().map(n -> n / 1_000_000).toList();
    assertThat(waitsMs.get(3)).as("the fourth wait, after four short-lived connections").isBetween(2000L, 4000L);
  }

  @Test
  void aConnectionThatLastedLongEnoughStartsTheBackoffAfresh() throws Exception {
    refuses("Connection refused");
    refuses("Connection refused");
    refuses("Connection refused");
    connects(40, ScriptedFrameSource.Ending.FAIL); // 40 s of frames: stable
    connects(1, ScriptedFrameSource.Ending.BLOCK);
    ConnectingFrameSource source = source(POLICY);

    for (int i = 0; i < 41; i++) {
      source.next();
    }

    long lastWaitMs = clock.sleeps().getLast() / 1_000_000;
    assertThat(lastWaitMs).isBetween(250L, 500L);
  }

  @Test
  void withoutAPolicyTheFirstFailureEndsTheSource() throws Exception {
    connects(1, ScriptedFrameSource.Ending.FAIL);
    ConnectingFrameSource source = source(null);

    source.next();

    assertThatIOException().isThrownBy(source::next).withMessage("camera unplugged");
    assertThat(health).isEmpty();
  }

  @Test
  void withoutAPolicyTheEndOfAFileEndsTheSource() throws Exception {
    connects(1, ScriptedFrameSource.Ending.END_OF_STREAM);
    ConnectingFrameSource source = source(null);

    source.next();

    assertThat(source.next()).isNull();
  }

  @Test
  void closingEndsNextAndClosesTheConnection() throws Exception {
    connects(1, ScriptedFrameSource.Ending.BLOCK);
    ConnectingFrameSource source = source(POLICY);
    source.next();

    Thread closer = Thread.ofVirtual().start(source::close);
    Frame after = source.next();
    closer.join();

    assertThat(after).isNull();
    assertThat(health).isEmpty();
  }
}
