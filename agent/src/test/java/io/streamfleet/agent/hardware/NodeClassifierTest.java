package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NodeClassifierTest {
  private static final long GIB_32 = 32 * 1024;

  @Test
  void aMachineWithABatteryIsALaptopEvenWhenItIsServerSized() {
    assertThat(NodeClassifier.classify(4, 8 * 1024, true)).isEqualTo(NodeClass.LAPTOP);
    assertThat(NodeClassifier.classify(64, 256 * 1024, true)).isEqualTo(NodeClass.LAPTOP);
  }

  @Test
  void moreThanSixteenThreadsAndMoreThan32GibWithoutABatteryIsAServer() {
    assertThat(NodeClassifier.classify(17, GIB_32 + 1, false)).isEqualTo(NodeClass.SERVER);
    assertThat(NodeClassifier.classify(128, 1024 * 1024, false)).isEqualTo(NodeClass.SERVER);
  }

  @Test
  void exactlySixteenThreadsIsNotEnoughForAServer() {
    assertThat(NodeClassifier.classify(16, 256 * 1024, false)).isEqualTo(NodeClass.DESKTOP);
  }

  @Test
  void exactly32GibIsNotEnoughForAServer() {
    assertThat(NodeClassifier.classify(64, GIB_32, false)).isEqualTo(NodeClass.DESKTOP);
  }

  @Test
  void manyThreadsWithLittleMemoryIsADesktop() {
    assertThat(NodeClassifier.classify(32, 16 * 1024, false)).isEqualTo(NodeClass.DESKTOP);
  }

  @Test
  void muchMemoryWithFewThreadsIsADesktop() {
    assertThat(NodeClassifier.classify(8, 128 * 1024, false)).isEqualTo(NodeClass.DESKTOP);
  }

  @Test
  void aSmallBoardWithoutABatteryIsADesktop() {
    assertThat(NodeClassifier.classify(2, 4 * 1024, false)).isEqualTo(NodeClass.DESKTOP);
  }

  @Property
  void aBatteryAlwaysMeansLaptop(
      @ForAll @IntRange(min = 1, max = 1024) int threads, @ForAll @LongRange(min = 0, max = 1L << 24) long memoryMb) {
    assertThat(NodeClassifier.classify(threads, memoryMb, true)).isEqualTo(NodeClass.LAPTOP);
  }

  @Property
  void withoutABatteryItIsAServerExactlyWhenBothBoundsAreExceeded(
      @ForAll @IntRange(min = 1, max = 1024) int threads, @ForAll @LongRange(min = 0, max = 1L << 24) long memoryMb) {
    NodeClass expected = threads > 16 && memoryMb > GIB_32 ? NodeClass.SERVER : NodeClass.DESKTOP;

    assertThat(NodeClassifier.classify(threads, memoryMb, false)).isEqualTo(expected);
  }
}
