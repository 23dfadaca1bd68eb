package io.streamfleet.agent.builtin;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stream's builtin processor on its own virtual thread: next frame, analyse, update the
 * stats, tell the listener. See {@link BuiltinListener} for the order of calls.
 *
 * <p>Guarantees: the source is closed before {@code onExit}; {@link #stop()} may be called from any
 * thread, including from inside a listener callback, any number of times; after
 * {@link #awaitStopped} returns true the thread has ended.
 */
public final class BuiltinProcessor {
  public static final String STOPPED = "stopped";
  public static final String END_OF_STREAM = "end of stream";
  static final long STATS_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
  private static final Logger log = LoggerFactory.getLogger(BuiltinProcessor.class);

  private final String streamId;
  private final long epoch;
  private final FrameSource source;
  private final MotionDetector detector;
  private final BuiltinEventSettings events;
  private final BuiltinListener listener;
  private final NanoClock clock;
  private final MotionEventTracker tracker;
  private final StatsWindow stats = new StatsWindow(StatsWindow.DEFAULT_WINDOW);
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final Thread thread;
  private boolean firstFrameSeen; // processor thread only

  private BuiltinProcessor(String streamId, long epoch, FrameSource source, MotionDetector detector,
      BuiltinEventSettings events, BuiltinListener listener, NanoClock clock) {
    this.streamId = streamId;
    this.epoch = epoch;
    this.source = source;
    this.detector = detector;
    this.events = events;
    this.listener = listener;
    this.clock = clock;
    this.tracker = new MotionEventTracker(detector.settings().holdFrames());
    this.thread = Thread.ofVirtual().name("builtin-" + streamId + "@" + epoch).unstarted(this::run);
  }

  /**
   * Starts processing {@code source} at once. The processor owns the source from here on and
   * closes it when it stops.
   *
   * @param events which events to report besides motion (per-frame ones with {@code frame_events})
   * @param clock read once per frame, when its analysis is done (latency and rate)
   */
  public static BuiltinProcessor start(String streamId, long epoch, FrameSource source, MotionDetector detector,
      BuiltinEventSettings events, BuiltinListener listener, NanoClock clock) {
    BuiltinProcessor processor = new BuiltinProcessor(streamId, epoch, source, detector, events, listener, clock);
    processor.thread.start();
    return processor;
  }

  /** Starts processing {@code source} with the default events: motion only. */
  public static BuiltinProcessor start(String streamId, long epoch, FrameSource source, MotionDetector detector,
      BuiltinListener listener, NanoClock clock) {
    return start(streamId, epoch, source, detector, BuiltinEventSettings.DEFAULTS, listener, clock);
  }

  public String streamId() {
    return streamId;
  }

  public long epoch() {
    return epoch;
  }

  /**
   * Asks the processor to stop: interrupts its thread and closes the source. Idempotent. May block
   * while the source shuts down (an ffmpeg source waits for its process, a few seconds at most).
   */
  public void stop() {
    if (stopRequested.compareAndSet(false, true)) {
      thread.interrupt();
      source.close();
    }
  }

  /** Waits up to {@code timeout} for the processor's thread to end; true when it has. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return thread.join(timeout);
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  private void run() {
    String reason = "internal error";
    try {
      reason = processUntilEnd();
    } catch (InterruptedException e) {
      reason = "interrupted"; // by someone other than stop(), which the finally block reports as stopped
    } catch (IOException e) {
      reason = "source failed: " + (e.getMessage() != null ? e.getMessage() : e.toString());
    } catch (RuntimeException | Error e) {
      log.error("Builtin processor for stream {} (epoch {}) failed", streamId, epoch, e);
      reason = "internal error: " + e;
    } finally {
      Thread.interrupted(); // a stop() racing with the end must not disturb closing
      source.close();
      String exitReason = stopRequested.get() ? STOPPED : reason;
      log.debug("Builtin processor for stream {} (epoch {}) exited: {}", streamId, epoch, exitReason);
      notifyListener("onExit", () -> listener.onExit(exitReason));
    }
  }

  /** The loop; returns the exit reason when the stream ends or a stop is requested. */
  private String processUntilEnd() throws InterruptedException, IOException {
    source.watch(new SourceHealth() {
      @Override
      public void lost(String reason) {
        notifyListener("onDegraded", () -> listener.onDegraded(reason));
      }

      @Override
      public void restored() {
        stats.onReconnect();
        if (firstFrameSeen) {
          notifyListener("onRecovered", listener::onRecovered);
        }
      }
    });
    long lastStatsAt = 0;
    while (!stopRequested.get()) {
      Frame frame = source.next();
      if (frame == null) {
        return stopRequested.get() ? STOPPED : END_OF_STREAM;
      }
      MotionResult result = detector.analyze(frame);
      long now = clock.nanoTime();
      stats.onFrame(frame.sequence(), frame.capturedAtNanos(), now);
      if (!firstFrameSeen) {
        firstFrameSeen = true;
        lastStatsAt = now;
        notifyListener("onFirstFrame", listener::onFirstFrame);
      }
      if (events.frameEvents()) {
        BuiltinEvent frameEvent = BuiltinEvent.frame(frame.sequence());
        notifyListener("onEvent", () -> listener.onEvent(frameEvent));
      }
      Optional<MotionEvent> motion = tracker.update(frame, result);
      if (motion.isPresent()) {
        stats.onMotionEvent(motion.get());
        BuiltinEvent motionEvent = BuiltinEvent.of(motion.get());
        notifyListener("onEvent", () -> listener.onEvent(motionEvent));
      }
      if (now - lastStatsAt >= STATS_INTERVAL_NANOS) {
        lastStatsAt = now;
        ProcessorStats snapshot = stats.snapshot(now);
        notifyListener("onStats", () -> listener.onStats(snapshot));
      }
    }
    return STOPPED;
  }

  /** Calls the listener; its failure is its own and must not end the stream's processing. */
  private void notifyListener(String callback, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("Listener {} of builtin processor for stream {} (epoch {}) threw", callback, streamId, epoch, e);
    }
  }
}
