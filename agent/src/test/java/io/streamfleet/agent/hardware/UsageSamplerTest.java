package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples a fake /proc with a manual clock: every figure is exact and no test sleeps. */
class UsageSamplerTest {
  private static final long ROOT = 4242;

  @TempDir Path tempDir;

  private final ManualNanoClock clock = new ManualNanoClock();
  private FakeProc proc;
  private UsageSampler sampler;

  @BeforeEach
  void setUp() {
    proc = FakeProc.in(tempDir).withProcess(1, 0, "systemd", 50, 50);
    sampler = new UsageSampler(proc.root, clock, 100);
  }

  @Nested
  class NodeUsageSampling {
    @Test
    void theFirstSampleAveragesCpuSinceBoot() {
      proc.withCpu(200, 0, 100, 700, 0);

      assertThat(sampler.sampleNode().cpuPercent()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void laterSamplesMeasureOnlyTheTimeSinceThePreviousOne() {
      proc.withCpu(200, 0, 100, 700, 0);
      sampler.sampleNode();
      proc.withCpu(290, 0, 110, 800, 0);

      assertThat(sampler.sampleNode().cpuPercent()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void iowaitCountsAsIdle() {
      proc.withCpu(0, 0, 0, 0, 0);
      sampler.sampleNode();
      proc.withCpu(25, 25, 0, 25, 25);

      assertThat(sampler.sampleNode().cpuPercent()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void memoryPercentIsWhatIsNotAvailable() {
      proc.withMemory(16_000_000, 4_000_000);

      assertThat(sampler.sampleNode().memoryPercent()).isCloseTo(75.0, within(1e-9));
    }

    @Test
    void aMissingProcFileFailsNamingTheFileAndWhatTheAgentNeeds() {
      UsageSampler nowhere = new UsageSampler(tempDir.resolve("not-proc"), clock, 100);

      assertThatThrownBy(nowhere::sampleNode)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(tempDir.resolve("not-proc").resolve("stat").toString())
          .hasMessageEndingWith("(the agent needs a Linux /proc)");
    }
  }

  @Nested
  class ProcessTreeSampling {
    @Test
    void theFirstSampleReportsZeroCpuButExactMemoryAndProcessCount() {
      proc.withProcess(ROOT, 1, "ffmpeg", 500, 100, 1000, 20_000)
          .withProcess(4243, ROOT, "helper", 10, 10, 1100, 5_000);

      ProcessUsage usage = sampler.sampleProcessTree(ROOT);

      assertThat(usage).isEqualTo(new ProcessUsage(0, 25_000 * 1024L, 2));
    }

    @Test
    void cpuIsTicksSinceThePreviousSampleAsAPercentOfOneThread() {
      proc.withProcess(ROOT, 1, "ffmpeg", 500, 100, 1000, 20_000);
      sampler.sampleProcessTree(ROOT);
      clock.advance(Duration.ofSeconds(2));
      proc.withProcess(ROOT, 1, "ffmpeg", 600, 150, 1000, 20_000);

      assertThat(sampler.sampleProcessTree(ROOT).cpuPercent()).isCloseTo(75.0, within(1e-9));
    }

    @Test
    void includesGrandchildrenButNotOtherTrees() {
      proc.withProcess(ROOT, 1, "sh", 0, 0, 1000, 1_000)
          .withProcess(4243, ROOT, "python3", 0, 0, 1001, 2_000)
          .withProcess(4244, 4243, "(my proc) x", 0, 0, 1002, 4_000)
          .withProcess(5000, 1, "unrelated", 0, 0, 900, 100_000);
      sampler.sampleProcessTree(ROOT);
      clock.advance(Duration.ofSeconds(1));
      proc.withProcess(ROOT, 1, "sh", 1, 0, 1000, 1_000)
          .withProcess(4243, ROOT, "python3", 10, 0, 1001, 2_000)
          .withProcess(4244, 4243, "(my proc) x", 50, 40, 1002, 4_000)
          .withProcess(5000, 1, "unrelated", 900, 0, 900, 100_000);

      ProcessUsage usage = sampler.sampleProcessTree(ROOT);

      assertThat(usage.cpuPercent()).isCloseTo(101.0, within(1e-9));
      assertThat(usage.rssBytes()).isEqualTo(7_000 * 1024L);
      assertThat(usage.processes()).isEqualTo(3);
    }

    @Test
    void aRootThatHasExitedReportsNone() {
      assertThat(sampler.sampleProcessTree(ROOT)).isEqualTo(ProcessUsage.NONE);
    }

    @Test
    void aRootThatExitedAndCameBackStartsOverAtZeroCpu() {
      proc.withProcess(ROOT, 1, "ffmpeg", 100, 0);
      sampler.sampleProcessTree(ROOT);
      proc.withoutProcess(ROOT);
      clock.advance(Duration.ofSeconds(1));
      assertThat(sampler.sampleProcessTree(ROOT)).isEqualTo(ProcessUsage.NONE);
      proc.withProcess(ROOT, 1, "ffmpeg", 500, 0);
      clock.advance(Duration.ofSeconds(1));

      assertThat(sampler.sampleProcessTree(ROOT).cpuPercent()).isZero();
    }

    @Test
    void forgettingATreeMakesItsNextSampleAFirstSample() {
      proc.withProcess(ROOT, 1, "ffmpeg", 100, 0);
      sampler.sampleProcessTree(ROOT);
      clock.advance(Duration.ofSeconds(1));
      proc.withProcess(ROOT, 1, "ffmpeg", 200, 0);

      sampler.forget(ROOT);

      assertThat(sampler.sampleProcessTree(ROOT).cpuPercent()).isZero();
    }

    @Test
    void severalTreesAreSampledIndependentlyInTheOrderGiven() {
      proc.withProcess(100, 1, "a", 0, 0).withProcess(200, 1, "b", 0, 0);
      sampler.sampleProcessTrees(List.of(200L, 100L));
      clock.advance(Duration.ofSeconds(1));
      proc.withProcess(100, 1, "a", 20, 0).withProcess(200, 1, "b", 70, 0);

      var usage = sampler.sampleProcessTrees(List.of(200L, 100L));

      assertThat(usage.keySet()).containsExactly(200L, 100L);
      assertThat(usage.get(100L).cpuPercent()).isCloseTo(20.0, within(1e-9));
      assertThat(usage.get(200L).cpuPercent()).isCloseTo(70.0, within(1e-9));
    }

    @Test
    void aProcessWithoutResidentMemoryAddsNoRss() {
      proc.withProcess(ROOT, 1, "kworker", 0, 0, 1000, 0);

      assertThat(sampler.sampleProcessTree(ROOT).rssBytes()).isZero();
    }

    @Test
    void unreadableAndVanishedProcessesAreSkipped() {
      proc.withProcess(ROOT, 1, "ffmpeg", 0, 0, 1000, 1_000).withCorruptProcess(4243).withVanishedProcess(4244);

      assertThat(sampler.sampleProcessTree(ROOT)).isEqualTo(new ProcessUsage(0, 1_000 * 1024L, 1));
    }
  }

  @Test
  void rejectsANonPositiveClockTickRate() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new UsageSampler(tempDir, clock, 0))
        .withMessage("clockTicksPerSecond was 0; expected > 0 (Linux uses 100)");
  }
}
