package io.streamfleet.agent.builtin;

import static io.streamfleet.agent.builtin.FrameBuilder.aFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MotionDetectorTest {
  private final MotionDetector detector = new MotionDetector(MotionSettings.DEFAULTS);

  @Test
  void theFirstFrameHasNothingToCompareWithSoReportsNoMotion() {
    assertThat(detector.analyze(aFrame(64, 48).filledWith(50).build())).isEqualTo(MotionResult.NONE);
  }

  @Test
  void findsAMovingSquareAndBoxesWhereItWasAndWhereItWent() {
    detector.analyze(aFrame(160, 120).filledWith(50).withSquare(20, 40, 40, 200).build());

    MotionResult result = detector.analyze(aFrame(160, 120).filledWith(50).withSquare(40, 40, 40, 200).build());

    // The square left columns 20-39 and entered 60-79; 40-59 stayed bright in both frames.
    assertThat(result.motion()).isTrue();
    assertThat(result.boundingBox()).isEqualTo(new BoundingBox(20, 40, 60, 40));
    assertThat(result.changedFraction()).isCloseTo(2 * 20 * 40 / (160.0 * 120), within(1e-12));
  }

  @Test
  void ignoresSensorNoiseThatBlockAveragingKeepsUnderTheThreshold() {
    detector.analyze(aFrame(160, 120).filledWith(100).withNoise(1, 20).build());

    MotionResult result = detector.analyze(aFrame(160, 120).filledWith(100).withNoise(2, 20).build());

    assertThat(result.motion()).isFalse();
    assertThat(result.changedFraction()).isZero();
    assertThat(result.boundingBox()).isNull();
  }

  @Test
  void aBlockChangesOnlyWhenItsMeanMovesByMoreThanTheThreshold() {
    int threshold = MotionSettings.DEFAULTS.threshold();
    detector.analyze(aFrame(64, 48).filledWith(100).build());

    MotionResult atThreshold = detector.analyze(aFrame(64, 48).filledWith(100 + threshold).build());
    MotionResult overThreshold = detector.analyze(aFrame(64, 48).filledWith(100 + 2 * threshold + 1).build());

    assertThat(atThreshold.changedFraction()).isZero();
    assertThat(overThreshold.changedFraction()).isEqualTo(1.0);
    assertThat(overThreshold.boundingBox()).isEqualTo(new BoundingBox(0, 0, 64, 48));
  }

  @Test
  void comparesBlockMeansSoAChangeSpreadThinAcrossABlockCountsByItsAverage() {
    // A 1-pixel-wide bright line changes each 4x4 block it crosses by (200 - 50) / 4 = 37.5 on average.
    detector.analyze(aFrame(64, 48).filledWith(50).build());
    MotionResult line = detector.analyze(aFrame(64, 48).filledWith(50).withRect(0, 0, 1, 48, 200).build());

    MotionDetector strict = new MotionDetector(new MotionSettings(40, 0.001, 4, 10));
    strict.analyze(aFrame(64, 48).filledWith(50).build());
    MotionResult lineForStrict = strict.analyze(aFrame(64, 48).filledWith(50).withRect(0, 0, 1, 48, 200).build());

    assertThat(line.changedFraction()).isCloseTo(4.0 / 64, within(1e-12));
    assertThat(lineForStrict.changedFraction()).isZero();
  }

  @Test
  void reportsMotionOnlyWhenTheChangedAreaExceedsMinArea() {
    // 160x120 in 4x4 blocks: 1200 blocks. 6 changed blocks are exactly min_area 0.005.
    MotionDetector fivePerMille = new MotionDetector(new MotionSettings(25, 0.005, 4, 10));
    fivePerMille.analyze(aFrame(160, 120).filledWith(50).build());

    MotionResult exactly = fivePerMille.analyze(aFrame(160, 120).filledWith(50).withRect(0, 0, 24, 4, 200).build());
    fivePerMille.analyze(aFrame(160, 120).filledWith(50).build());
    MotionResult above = fivePerMille.analyze(aFrame(160, 120).filledWith(50).withRect(0, 0, 28, 4, 200).build());

    assertThat(exactly.changedFraction()).isEqualTo(0.005);
    assertThat(exactly.motion()).isFalse();
    assertThat(above.motion()).isTrue();
  }

  @Test
  void countsPartialEdgeBlocksByTheirRealArea() {
    // 18x10 in 4x4 blocks: the last column of blocks is 2 wide, the last row 2 high.
    detector.analyze(aFrame(18, 10).filledWith(50).build());

    MotionResult corner = detector.analyze(aFrame(18, 10).filledWith(50).withRect(16, 8, 2, 2, 200).build());

    assertThat(corner.changedFraction()).isCloseTo(4 / 180.0, within(1e-12));
    assertThat(corner.boundingBox()).isEqualTo(new BoundingBox(16, 8, 2, 2));
  }

  @Test
  void startsAfreshWhenTheFrameSizeChanges() {
    detector.analyze(aFrame(64, 48).filledWith(50).build());

    MotionResult resized = detector.analyze(aFrame(32, 24).filledWith(250).build());
    MotionResult next = detector.analyze(aFrame(32, 24).filledWith(250).build());

    assertThat(resized).isEqualTo(MotionResult.NONE);
    assertThat(next.motion()).isFalse();
  }

  @Test
  void seesTheSyntheticVisitorButNotTheTickerOrTheNoiseWithDefaultSettings() {
    SyntheticScene scene = SyntheticScene.forCamera("cam-1", 10, 640, 360);
    MotionDetector visits = new MotionDetector(MotionSettings.DEFAULTS);

    visits.analyze(new Frame(19, 0, 640, 360, scene.render(19)));
    MotionResult duringVisit = visits.analyze(new Frame(20, 0, 640, 360, scene.render(20)));
    visits.analyze(new Frame(100, 0, 640, 360, scene.render(100)));
    MotionResult tickerOnly = visits.analyze(new Frame(101, 0, 640, 360, scene.render(101)));

    assertThat(duringVisit.motion()).isTrue();
    assertThat(duringVisit.boundingBox().y()).isLessThanOrEqualTo(scene.visitorTop());
    assertThat(tickerOnly.motion()).isFalse();
    assertThat(tickerOnly.changedFraction()).isGreaterThan(0).isLessThan(MotionSettings.DEFAULTS.minArea());
  }

  @Test
  void seesTheTickerWhenMinAreaIsSmallEnough() {
    SyntheticScene scene = SyntheticScene.forCamera("cam-1", 10, 640, 360);
    MotionDetector sensitive = new MotionDetector(new MotionSettings(25, 0.0001, 4, 10));

    sensitive.analyze(new Frame(100, 0, 640, 360, scene.render(100)));
    MotionResult result = sensitive.analyze(new Frame(101, 0, 640, 360, scene.render(101)));

    BoundingBox box = result.boundingBox();
    assertThat(result.motion()).isTrue();
    assertThat(box.y()).isGreaterThanOrEqualTo(scene.tickerTop() - 4);
    assertThat(box.y() + box.height()).isLessThanOrEqualTo(scene.tickerTop() + scene.tickerSide() + 4);
    assertThat(box.x()).isGreaterThanOrEqualTo(scene.tickerLeft(100) - 4);
    assertThat(box.x() + box.width()).isLessThanOrEqualTo(scene.tickerLeft(101) + scene.tickerSide() + 4);
  }

  @Property
  void anUnchangedPictureNeverShowsMotion(
      @ForAll @IntRange(min = 0, max = 255) int level, @ForAll @IntRange(min = 1, max = 64) int block) {
    MotionDetector any = new MotionDetector(new MotionSettings(1, 0.0001, block, 1));
    Frame frame = aFrame(50, 30).filledWith(level).withNoise(level, 40).build();

    any.analyze(frame);
    MotionResult again = any.analyze(frame);

    assertThat(again.motion()).isFalse();
    assertThat(again.changedFraction()).isZero();
  }

  @Property
  void theChangedFractionIsAlwaysAShareOfThePicture(
      @ForAll @IntRange(min = 0, max = 255) int before, @ForAll @IntRange(min = 0, max = 255) int after,
      @ForAll @IntRange(min = 1, max = 64) int block, @ForAll @IntRange(min = 16, max = 100) int width) {
    MotionDetector any = new MotionDetector(new MotionSettings(1, 0.5, block, 1));
    any.analyze(aFrame(width, 20).filledWith(before).withNoise(before, 30).build());

    MotionResult result = any.analyze(aFrame(width, 20).filledWith(after).withNoise(after, 30).build());

    assertThat(result.changedFraction()).isBetween(0.0, 1.0);
    if (result.motion()) {
      BoundingBox box = result.boundingBox();
      assertThat(box.x() + box.width()).isLessThanOrEqualTo(width);
      assertThat(box.y() + box.height()).isLessThanOrEqualTo(20);
    }
  }
}
