package io.streamfleet.agent.builtin;

import io.streamfleet.agent.Eventually;

import static io.streamfleet.agent.builtin.FrameBuilder.aFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamfleet.agent.builtin.ScriptedFrameSource.Ending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BuiltinProcessorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock(0);
  private final RecordingListener listener = new RecordingListener();
  private BuiltinProcessor processor;

  @AfterEach
  void noProcessorThreadOutlivesItsTest() throws Exception {
    if (processor != null) {
      processor.stop();
      assertThat(processor.awaitStopped(WAIT)).isTrue();
    }
  }

  /** One frame per character, 100 ms apart: 'M' has a bright square moved from the last 'M', '.' is still. */
  private static List<Frame> frames(String pattern) {
    List<Frame> frames = new ArrayList<>();
    int squareAt = 0;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == 'M') {
        squareAt = (squareAt + 16) % 48;
      }
      frames.add(aFrame(64, 48).filledWith(50).withSquare(squareAt, 16, 16, 220).sequence(i).capturedAt(i * 100 * MS).build());
    }
    return frames;
  }

  private BuiltinProcessor run(List<Frame> frames, Ending ending, MotionSettings settings) {
    ScriptedFrameSource source = new ScriptedFrameSource(frames, ending, clock, 100 * MS);
    processor = BuiltinProcessor.start("cam-1", 3, source, new MotionDetector(settings), listener, clock);
    return processor;
  }

  private BuiltinProcessor run(List<Frame> frames, MotionSettings settings, BuiltinEventSettings events) {
    ScriptedFrameSource source = new ScriptedFrameSource(frames, Ending.END_OF_STREAM, clock, 100 * MS);
    processor = BuiltinProcessor.start("cam-1", 3, source, new MotionDetector(settings), events, listener, clock);
    return processor;
  }

  @Test
  void reportsTheFirstFrameThenEventsOnTransitionsThenTheEndOfTheStream() throws Exception {
    run(frames("..MM...."), Ending.END_OF_STREAM, new MotionSettings(25, 0.005, 4, 3));

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.calls).containsExactly(
        "first_frame", "motion_start@2", "motion_end@6", "exit: end of stream");
  }

  @Test
  void withFrameEventsReportsEveryFrameBeforeAMotionEventDecidedOnTheSameFrame() throws Exception {
    run(frames("..MM...."), new MotionSettings(25, 0.005, 4, 3), new BuiltinEventSettings(true));

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.calls).containsExactly("first_frame",
        "frame@0", "frame@1", "frame@2", "motion_start@2", "frame@3", "frame@4", "frame@5", "frame@6", "motion_end@6",
        "frame@7", "exit: end of stream");
  }

  @Test
  void aFrameEventsPayloadIsTheFrameNumber() throws Exception {
    run(frames("..."), MotionSettings.DEFAULTS, new BuiltinEventSettings(true));

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.events).extracting(BuiltinEvent::payloadJson)
        .containsExactly("{\"frame\":0}", "{\"frame\":1}", "{\"frame\":2}");
  }

  @Test
  void withoutFrameEventsReportsOnlyMotion() throws Exception {
    run(frames("..MM...."), new MotionSettings(25, 0.005, 4, 3), new BuiltinEventSettings(false));

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.calls).containsExactly("first_frame", "motion_start@2", "motion_end@6", "exit: end of stream");
  }

  @Test
  void aMotionEventsPayloadNamesTheFrameItWasDecidedOnBesideItsChangedFraction() throws Exception {
    run(frames("..MM...."), Ending.END_OF_STREAM, new MotionSettings(25, 0.005, 4, 3));

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.events).extracting(BuiltinEvent::payloadJson).satisfiesExactly(
        start -> assertThat(start).matches("\\{\"frame\":2,\"changed_fraction\":0\\.\\d+}"),
        end -> assertThat(end).isEqualTo("{\"frame\":6,\"changed_fraction\":0.0}"));
  }

  @Test
  void reportsStatsAtMostOnceASecond() throws Exception {
    // 25 frames 100 ms apart: analysis times 100 ms .. 2500 ms; the first frame is at 100 ms.
    run(frames(".".repeat(25)), Ending.END_OF_STREAM, MotionSettings.DEFAULTS);

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.stats).hasSize(2);
    ProcessorStats last = listener.stats.get(1);
    assertThat(last.framesProcessed()).isEqualTo(21);
    assertThat(last.fps()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void statsCountDroppedFramesAndMotionEvents() throws Exception {
    List<Frame> frames = new ArrayList<>();
    long[] sequences = {0, 1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int i = 0; i < sequences.length; i++) {
      frames.add(aFrame(64, 48).filledWith(i == 2 ? 200 : 50).sequence(sequences[i]).build());
    }
    run(frames, Ending.END_OF_STREAM, new MotionSettings(25, 0.005, 4, 1));

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    ProcessorStats stats = listener.stats.get(0); // after the 11th frame, 1 s after the first
    assertThat(stats.framesProcessed()).isEqualTo(11);
    assertThat(stats.framesDropped()).isEqualTo(3);
    assertThat(stats.motionEvents()).isEqualTo(1);
    assertThat(listener.events).extracting(BuiltinEvent::kind).containsExactly("motion_start", "motion_end");
  }

  @Test
  void reportsASourceFailureWithItsMessageAndClosesTheSource() throws Exception {
    ScriptedFrameSource source = new ScriptedFrameSource(frames(".."), Ending.FAIL, clock, MS);
    processor = BuiltinProcessor.start("cam-1", 3, source, new MotionDetector(MotionSettings.DEFAULTS), listener, clock);

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.exits).containsExactly("source failed: camera unplugged");
    assertThat(source.closeCalls).isPositive();
  }

  @Test
  void stopEndsABlockedSourceReportsStoppedOnceAndIsIdempotent() throws Exception {
    ScriptedFrameSource source = new ScriptedFrameSource(frames("."), Ending.BLOCK, clock, MS);
    processor = BuiltinProcessor.start("cam-1", 3, source, new MotionDetector(MotionSettings.DEFAULTS), listener, clock);
    Eventually.await(WAIT, "the first frame", listener::firstFrameSeen);

    processor.stop();
    processor.stop();

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(processor.isRunning()).isFalse();
    assertThat(listener.calls).containsExactly("first_frame", "exit: stopped");
    assertThat(source.closeCalls).isPositive();
  }

  @Test
  void canBeStoppedFromInsideAListenerCallback() throws Exception {
    ScriptedFrameSource source = new ScriptedFrameSource(frames("...."), Ending.BLOCK, clock, MS);
    CompletableFuture<BuiltinProcessor> self = new CompletableFuture<>();
    RecordingListener stopsOnFirstFrame = new RecordingListener() {
      @Override
      public void onFirstFrame() {
        super.onFirstFrame();
        self.join().stop();
      }
    };
    processor = BuiltinProcessor.start("cam-1", 3, source, new MotionDetector(MotionSettings.DEFAULTS), stopsOnFirstFrame, clock);
    self.complete(processor);

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(stopsOnFirstFrame.calls).containsExactly("first_frame", "exit: stopped");
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheProcessor() throws Exception {
    RecordingListener throwing = new RecordingListener() {
      @Override
      public void onEvent(BuiltinEvent event) {
        super.onEvent(event);
        throw new IllegalStateException("listener bug");
      }
    };
    ScriptedFrameSource source = new ScriptedFrameSource(frames(".M...."), Ending.END_OF_STREAM, clock, MS);
    processor = BuiltinProcessor.start("cam-1", 3, source, new MotionDetector(new MotionSettings(25, 0.005, 4, 2)), throwing, clock);

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(throwing.calls).containsExactly("first_frame", "motion_start@1", "motion_end@3", "exit: end of stream");
  }
}
