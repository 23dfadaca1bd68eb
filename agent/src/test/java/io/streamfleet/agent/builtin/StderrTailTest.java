package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StderrTailTest {
  @Test
  void keepsTheLastLinesStrippedWithoutBlankOnes() {
    StderrTail tail = new StderrTail(2);
    tail.add("one");
    tail.add("   ");
    tail.add(" two ");
    tail.add("three");
    assertThat(tail.last(5)).containsExactly("two", "three");
    assertThat(tail.text(1000)).isEqualTo("two\nthree");
  }

  @Test
  void textDropsTheOldestLinesToFitTheByteLimit() {
    StderrTail tail = new StderrTail(20);
    tail.add("aaaa");
    tail.add("bbbb");
    tail.add("cccc");
    assertThat(tail.text(9)).isEqualTo("bbbb\ncccc");
    assertThat(tail.text(8)).isEqualTo("cccc");
  }

  @Test
  void aNewestLineLongerThanTheLimitKeepsItsEndWithoutSplittingACharacter() {
    StderrTail tail = new StderrTail(20);
    tail.add("error: ünïcode fails");
    assertThat(tail.text(5)).isEqualTo("fails");
    assertThat(tail.text(14)).isEqualTo("nïcode fails");
    assertThat(tail.text(11)).as("ï takes two bytes: it does not fit, and is not cut in half").isEqualTo("code fails");
  }

  @Test
  void nothingWrittenIsEmpty() {
    assertThat(new StderrTail(3).text(100)).isEmpty();
  }
}
