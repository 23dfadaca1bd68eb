package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.hardware.ProcessUsage;
import org.junit.jupiter.api.Test;

class JobUsageTest {
  @Test
  void theFirstSampleCountsForMemoryButNotForCpu() {
    JobUsage u = JobUsage.NONE.plus(new ProcessUsage(0, 10, 1));
    assertThat(u.cpuPercentAvg()).isZero();
    assertThat(u.peakRssBytes()).isEqualTo(10);
    u = u.plus(new ProcessUsage(50, 5, 1)).plus(new ProcessUsage(150, 7, 1));
    assertThat(u.cpuPercentAvg()).isEqualTo(100);
    assertThat(u.cpuPercentMax()).isEqualTo(150);
    assertThat(u.peakRssBytes()).isEqualTo(10);
    assertThat(u.last()).isEqualTo(new ProcessUsage(150, 7, 1));
  }

  @Test
  void eachSampleWeighsAsMuchAsTheTimeItCovers() {
    JobUsage u = JobUsage.NONE.plus(new ProcessUsage(0, 10, 1), 0)
        .plus(new ProcessUsage(200, 10, 1), 100) // a dense sample early on: 100 ms at 200 %
        .plus(new ProcessUsage(50, 10, 1), 900); // a sparse one later: 900 ms at 50 %
    assertThat(u.cpuPercentAvg()).isEqualTo(65);
    assertThat(u.cpuPercentMax()).isEqualTo(200);
  }

  @Test
  void aSampleOfATreeThatIsGoneAddsNothing() {
    JobUsage u = JobUsage.NONE.plus(new ProcessUsage(0, 10, 1));
    assertThat(u.plus(ProcessUsage.NONE)).isEqualTo(u);
  }
}
