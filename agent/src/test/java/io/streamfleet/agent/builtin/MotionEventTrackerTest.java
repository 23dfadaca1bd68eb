package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotionEventTrackerTest {
  private static final MotionResult STILL = new MotionResult(false, 0.001, null);
  private static final MotionResult MOVING = new MotionResult(true, 0.2, new BoundingBox(0, 0, 8, 8));

  /** Feeds one frame per character ('M' moving, '.' still), numbered from 0; returns kind@sequence. */
  private static List<String> eventsFor(String pattern, int holdFrames) {
    MotionEventTracker tracker = new MotionEventTracker(holdFrames);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      MotionResult result = pattern.charAt(i) == 'M' ? MOVING : STILL;
      tracker.update(i, 1000L * i, result).ifPresent(e -> events.add(e.kind() + "@" + e.sequence()));
    }
    return events;
  }

  @Test
  void startsAtTheFirstMovingFrameAndEndsAfterHoldQuietFrames() {
    assertThat(eventsFor("..MM...", 3)).containsExactly("motion_start@2", "motion_end@6");
  }

  @Test
  void aPauseShorterThanTheHoldDoesNotSplitOneEventInTwo() {
    assertThat(eventsFor("..MM..M....", 3)).containsExactly("motion_start@2", "motion_end@9");
  }

  @Test
  void reportsNothingWhileStateDoesNotChange() {
    assertThat(eventsFor("..........", 3)).isEmpty();
    assertThat(eventsFor("MMMMMMMMMM", 3)).containsExactly("motion_start@0");
  }

  @Test
  void separateEpisodesGiveSeparatePairs() {
    assertThat(eventsFor("M..M..", 2)).containsExactly("motion_start@0", "motion_end@2", "motion_start@3", "motion_end@5");
  }

  @Test
  void aHoldOfOneEndsAtTheFirstQuietFrame() {
    assertThat(eventsFor(".M.M", 1)).containsExactly("motion_start@1", "motion_end@2", "motion_start@3");
  }

  @Test
  void eventsCarryTheDecidingFramesTimeAndChangedFraction() {
    MotionEventTracker tracker = new MotionEventTracker(1);

    MotionEvent start = tracker.update(7, 70_000, MOVING).orElseThrow();
    MotionEvent end = tracker.update(8, 80_000, STILL).orElseThrow();

    assertThat(start).isEqualTo(MotionEvent.start(7, 70_000, 0.2));
    assertThat(end).isEqualTo(MotionEvent.end(8, 80_000, 0.001));
    assertThat(tracker.inMotion()).isFalse();
  }

  @Test
  void rejectsAHoldBelowOneFrame() {
    assertThatIllegalArgumentException().isThrownBy(() -> new MotionEventTracker(0))
        .withMessage("holdFrames is 0; expected 1 or more");
  }

  @Test
  void rejectsAnUnknownEventKind() {
    assertThatIllegalArgumentException().isThrownBy(() -> new MotionEvent("motion", 1, 1, 0))
        .withMessage("motion event kind is 'motion'; expected motion_start or motion_end");
  }
}
