package io.streamfleet.agent.builtin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A source that plays a fixed list of frames, then ends, fails, or blocks until interrupted
 * (like a live camera), and moves a manual clock by a fixed step before each frame.
 */
final class ScriptedFrameSource implements FrameSource {
  enum Ending { END_OF_STREAM, BLOCK, FAIL }

  private final ArrayDeque<Frame> frames;
  private final Ending ending;
  private final ManualClock clock;
  private final long stepNanos;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  volatile int closeCalls;

  ScriptedFrameSource(List<Frame> frames, Ending ending, ManualClock clock, long stepNanos) {
    this.frames = new ArrayDeque<>(frames);
    this.ending = ending;
    this.clock = clock;
    this.stepNanos = stepNanos;
  }

  @Override
  public Frame next() throws InterruptedException, IOException {
    if (!frames.isEmpty()) {
      clock.advance(Duration.ofNanos(stepNanos));
      return frames.removeFirst();
    }
    return switch (ending) {
      case END_OF_STREAM -> null;
      case FAIL -> throw new IOException("camera unplugged");
      case BLOCK -> {
        closedLatch.await(); // like a live camera: waits until interrupted or closed
        yield null;
      }
    };
  }

  @Override
  public void close() {
    closeCalls++;
    closedLatch.countDown();
  }
}
