package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Samples the real /proc of the build machine. */
@Tag("integration")
class UsageSamplerOnThisMachineTest {
  private final UsageSampler sampler = UsageSampler.forThisMachine();

  @Test
  void theNodesUsageIsWithinRange() {
    sampler.sampleNode();
    NodeUsage usage = sampler.sampleNode();

    assertThat(usage.cpuPercent()).isBetween(0.0, 100.0);
    assertThat(usage.memoryPercent()).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
  }

  @Test
  void thisJvmHasResidentMemoryAndCpuTime() {
    long pid = ProcessHandle.current().pid();

    sampler.sampleProcessTree(pid);
    ProcessUsage usage = sampler.sampleProcessTree(pid);

    assertThat(usage.rssBytes()).isPositive();
    assertThat(usage.processes()).isGreaterThanOrEqualTo(1);
    assertThat(usage.cpuPercent()).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void aChildProcessIsCountedInTheTree() throws Exception {
    long pid = ProcessHandle.current().pid();
    Process child = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(sampler.sampleProcessTree(pid).processes()).isGreaterThanOrEqualTo(2);
      assertThat(sampler.sampleProcessTree(child.pid()).processes()).isEqualTo(1);
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
  }
}
