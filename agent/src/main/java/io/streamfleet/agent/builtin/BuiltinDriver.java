package io.streamfleet.agent.builtin;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code builtin} driver: runs {@code motion} and {@code synthetic} inside the agent on a
 * virtual thread each. The instance counts as running at its first processed frame, degraded while
 * its camera is away, and running again when frames flow again. Events go to
 * the instance listener as {@link BuiltinEvent} has them: kind, frame, and a payload naming the frame.
 */
public final class BuiltinDriver implements ProcessorDriver {
  private final BuiltinProcessorFactory factory;
  private final NanoClock clock;

  /** A driver on the system clocks for a node with {@code hardware} decoders. */
  public BuiltinDriver(HardwareDecode hardware) {
    this(BuiltinProcessorFactory.system(hardware), NanoClock.system());
  }

  public BuiltinDriver(BuiltinProcessorFactory factory, NanoClock clock) {
    this.factory = factory;
    this.clock = clock;
  }

  @Override
  public ProcessorHandle start(DesiredInstance d, InstanceListener listener) {
    BuiltinPipeline pipeline;
    try {
      pipeline = factory.create(d.getProcessor().getBuiltin(), d.getUrl(), d.getParamsMap());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    AtomicReference<ProcessorStats> stats = new AtomicReference<>();
    AtomicLong lastFrameNanos = new AtomicLong(-1);
    AtomicBoolean away = new AtomicBoolean();
    BuiltinProcessor processor = pipeline.start(d.getStreamId(), d.getEpoch(), new BuiltinListener() {
      @Override
      public void onFirstFrame() {
        away.set(false);
        lastFrameNanos.set(clock.nanoTime());
        listener.running();
      }

      @Override
      public void onEvent(BuiltinEvent event) {
        listener.event(event.frame(), event.kind(), event.payloadJson());
      }

      @Override
      public void onDegraded(String reason) {
        away.set(true);
        listener.degraded(reason);
      }

      @Override
      public void onRecovered() {
        away.set(false);
        lastFrameNanos.set(clock.nanoTime());
        listener.running();
      }

      @Override
      public void onStats(ProcessorStats s) {
        stats.set(s);
        lastFrameNanos.set(clock.nanoTime());
      }

      @Override
      public void onExit(String reason) {
        if (!BuiltinProcessor.STOPPED.equals(reason)) {
          listener.failed(reason);
        }
      }
    }, clock);
    return new ProcessorHandle() {
      @Override
      public void stop() {
        processor.stop();
        try {
          processor.awaitStopped(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public InstanceUsage usage() {
        ProcessorStats s = stats.get();
        if (s == null) {
          return InstanceUsage.NONE;
        }
        long last = lastFrameNanos.get();
        long ago = last < 0 ? -1 : (clock.nanoTime() - last) / 1_000_000;
        double fps = away.get() ? 0 : s.fps(); // its last figures are from before the camera went away
        return new InstanceUsage(fps, s.latencyMsP50(), s.framesDropped(), ago, 0, 0, s.latencyMsP99(), s.framesProcessed(),
            s.reconnects(), pipeline.source().decoder());
      }
    };
  }
}
