package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs the real detector (OSHI, /dev, /sys, nvidia-smi if present) on the build machine. */
@Tag("integration")
class HardwareDetectorOnThisMachineTest {
  @Test
  void detectsSaneFiguresOnThisMachine() {
    HardwareInfo hw = HardwareDetector.forThisMachine().detect();

    assertThat(hw.cpuThreads()).isGreaterThanOrEqualTo(1);
    assertThat(hw.memoryMb()).isPositive();
    assertThat(hw.cpuModel()).isNotNull();
    assertThat(hw.nodeClass()).isEqualTo(NodeClassifier.classify(hw.cpuThreads(), hw.memoryMb(), hw.hasBattery()));
  }

  @Test
  void aSmallBatterylessBuildMachineIsADesktop() {
    HardwareInfo hw = HardwareDetector.forThisMachine().detect();

    // The build containers have at most 16 threads and no battery. Elsewhere this test is
    // reported as skipped, and the consistency test above still checks the class.
    assumeTrue(hw.cpuThreads() <= NodeClassifier.SERVER_THREADS_ABOVE && !hw.hasBattery(),
        () -> "this machine is not small and battery-less: " + hw);

    assertThat(hw.nodeClass()).isEqualTo(NodeClass.DESKTOP);
  }

  @Test
  void theOshiProbeAgreesWithTheJvmOnThreads() {
    // The JVM may be limited by a cgroup or affinity mask, so it can see fewer, never more.
    assertThat(CpuMemoryProbe.oshi().cpuThreads()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
