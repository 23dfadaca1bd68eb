package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SyntheticSceneTest {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;

  @Test
  void theSameCameraNameGivesTheSamePictureForTheSameFrame() {
    SyntheticScene one = SyntheticScene.forCamera("gate.north", 10, WIDTH, HEIGHT);
    SyntheticScene other = SyntheticScene.forCamera("gate.north", 10, WIDTH, HEIGHT);

    for (long sequence : new long[] {0, 1, 17, 99, 12_345}) {
      assertThat(other.render(sequence)).as("frame %d", sequence).isEqualTo(one.render(sequence));
    }
  }

  @Test
  void differentCameraNamesGiveDifferentPictures() {
    byte[] north = SyntheticScene.forCamera("gate.north", 10, WIDTH, HEIGHT).render(0);
    byte[] south = SyntheticScene.forCamera("gate.south", 10, WIDTH, HEIGHT).render(0);

    assertThat(south).isNotEqualTo(north);
  }

  @Test
  void consecutiveFramesDifferBecauseOfSensorNoiseEvenWhenNothingMoves() {
    SyntheticScene scene = SyntheticScene.forCamera("cam-1", 10, WIDTH, HEIGHT);

    assertThat(scene.render(60)).isNotEqualTo(scene.render(61));
  }

  @Test
  void theStandardSceneHasAFourSecondVisitEveryTwentySeconds() {
    SyntheticScene scene = SyntheticScene.forCamera("cam-1", 10, WIDTH, HEIGHT);

    assertThat(scene.visitorPresent(0)).isTrue();
    assertThat(scene.visitorPresent(39)).isTrue();
    assertThat(scene.visitorPresent(40)).isFalse();
    assertThat(scene.visitorPresent(199)).isFalse();
    assertThat(scene.visitorPresent(200)).isTrue();
  }

  @Test
  void theVisitorIsDrawnBrightWhereItIsAndMovesRightward() {
    SyntheticScene scene = SyntheticScene.forCamera("cam-1", 10, WIDTH, HEIGHT);
    int centreY = scene.visitorTop() + scene.visitorSide() / 2;
    int x = scene.visitorLeft(20) + scene.visitorSide() / 2;

    Frame frame = new Frame(20, 0, WIDTH, HEIGHT, scene.render(20));

    assertThat(frame.lumaAt(x, centreY)).isBetween(SyntheticScene.VISITOR_LUMA - 3, SyntheticScene.VISITOR_LUMA + 4);
    assertThat(scene.visitorLeft(21)).isGreaterThan(scene.visitorLeft(20));
    assertThat(scene.visitorLeft(0)).isGreaterThan(-scene.visitorSide());
    assertThat(scene.visitorLeft(39)).isLessThan(WIDTH);
  }

  @Test
  void theTickerCrawlsAlongTheTopInEveryFrame() {
    SyntheticScene scene = SyntheticScene.forCamera("cam-1", 10, WIDTH, HEIGHT);
    Frame frame = new Frame(100, 0, WIDTH, HEIGHT, scene.render(100));

    assertThat(frame.lumaAt(scene.tickerLeft(100) + 1, scene.tickerTop() + 1))
        .isGreaterThanOrEqualTo(SyntheticScene.TICKER_LUMA - 3);
    assertThat(scene.tickerLeft(101)).isEqualTo(scene.tickerLeft(100) + 2);
  }

  @Test
  void everyPixelStaysInRangeWithoutWrappingAround() {
    SyntheticScene scene = SyntheticScene.forCamera("cam-1", 10, WIDTH, HEIGHT);
    for (long sequence = 0; sequence < 40; sequence += 7) {
      byte[] luma = scene.render(sequence);
      int min = 255;
      int max = 0;
      for (byte b : luma) {
        min = Math.min(min, b & 0xFF);
        max = Math.max(max, b & 0xFF);
      }
      assertThat(min).as("darkest pixel of frame %d", sequence).isGreaterThanOrEqualTo(27);
      assertThat(max).as("brightest pixel of frame %d", sequence).isLessThanOrEqualTo(254);
    }
  }

  @Test
  void worksAtTheSmallestAndMostLopsidedSizes() {
    assertThat(new SyntheticScene(1, 16, 16, 10, 5).render(3)).hasSize(256);
    assertThat(new SyntheticScene(1, 16, 4320, 10, 5).render(3)).hasSize(16 * 4320);
    assertThat(new SyntheticScene(1, 7680, 16, 10, 5).render(3)).hasSize(7680 * 16);
  }

  @Test
  void rejectsAVisitLongerThanItsCycle() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SyntheticScene(1, 64, 48, 10, 11))
        .withMessageContaining("a visit of 11 frames every 10 frames is impossible");
  }
}
