package io.streamfleet.agent.hardware;

import static io.streamfleet.agent.hardware.HardwareInfoBuilder.aHardwareInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.streamfleet.model.Resources;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgentCapacityTest {
  @Nested
  class FromDetectedHardware {
    @Test
    void isAThousandMillisPerThreadAndAllMemoryLessTheReservation() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(8).withMemoryMb(16_000).build();

      assertThat(AgentCapacity.of(hw, null, null, 500, 1000)).isEqualTo(Resources.of(7500, 15_000));
    }

    @Test
    void keepsBack250MillisAnd256MibByDefault() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(2).withMemoryMb(24_105).build();

      assertThat(AgentCapacity.of(hw, null, null)).isEqualTo(Resources.of(1750, 23_849));
    }

    @Test
    void withNoReservationIsTheWholeMachine() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(4).withMemoryMb(4096).build();

      assertThat(AgentCapacity.of(hw, null, null, 0, 0)).isEqualTo(Resources.of(4000, 4096));
    }

    @Test
    void neverFallsBelow100MillisAnd64MibHoweverLargeTheReservation() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(1).withMemoryMb(128).build();

      assertThat(AgentCapacity.of(hw, null, null, 5000, 4096)).isEqualTo(Resources.of(100, 64));
    }

    @Test
    void isCappedAtTheModelsMaximum() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(4096).withMemoryMb(64L * 1024 * 1024).build();

      Resources capacity = AgentCapacity.of(hw, null, null, 0, 0);

      assertThat(capacity.cpuMillis()).isEqualTo(Resources.MAX_CPU_MILLIS);
      assertThat(capacity.memoryMb()).isEqualTo(Resources.MAX_MEMORY_MB);
    }
  }

  @Nested
  class WithOverrides {
    @Test
    void advertiseTheOverriddenAmountsExactlyWithoutSubtractingTheReservation() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(2).withMemoryMb(24_000).build();

      assertThat(AgentCapacity.of(hw, 1000, 512, 250, 256)).isEqualTo(Resources.of(1000, 512));
    }

    @Test
    void mayBeBelowTheFloorThatAppliesToDetectedAmounts() {
      HardwareInfo hw = aHardwareInfo().build();

      assertThat(AgentCapacity.of(hw, 50, 32)).isEqualTo(Resources.of(50, 32));
    }

    @Test
    void mayExceedTheDetectedHardware() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(2).withMemoryMb(4096).build();

      assertThat(AgentCapacity.of(hw, 64_000, 256 * 1024)).isEqualTo(Resources.of(64_000, 256 * 1024));
    }

    @Test
    void replaceOnlyTheDimensionTheyNameTheOtherKeepsItsReservation() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(4).withMemoryMb(8192).build();

      assertThat(AgentCapacity.of(hw, 1500, null, 250, 256)).isEqualTo(Resources.of(1500, 7936));
      assertThat(AgentCapacity.of(hw, null, 1024, 250, 256)).isEqualTo(Resources.of(3750, 1024));
    }

    @Test
    void ofZeroCpuIsRejectedWithTheFlagTheValueAndTheRemedy() {
      HardwareInfo hw = aHardwareInfo().withCpuThreads(2).build();

      assertThatIllegalArgumentException()
          .isThrownBy(() -> AgentCapacity.of(hw, 0, null))
          .withMessage("--cpu-millis was 0; expected 1..1024000. Pass a value in that range, or leave"
              + " --cpu-millis out to use the detected 2 threads.");
    }

    @Test
    void ofNegativeMemoryIsRejectedWithTheFlagTheValueAndTheRemedy() {
      HardwareInfo hw = aHardwareInfo().withMemoryMb(2048).build();

      assertThatIllegalArgumentException()
          .isThrownBy(() -> AgentCapacity.of(hw, null, -5))
          .withMessage("--memory-mb was -5; expected 1..16777216. Pass a value in that range, or leave"
              + " --memory-mb out to use the detected 2048 MiB.");
    }

    @Test
    void aboveTheModelsMaximumAreRejected() {
      HardwareInfo hw = aHardwareInfo().build();

      assertThatIllegalArgumentException()
          .isThrownBy(() -> AgentCapacity.of(hw, Resources.MAX_CPU_MILLIS + 1, null))
          .withMessageStartingWith("--cpu-millis was 1024001; expected 1..1024000.");
    }
  }

  @Test
  void aNegativeReservationIsRejected() {
    HardwareInfo hw = aHardwareInfo().build();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> AgentCapacity.of(hw, null, null, -1, 0))
        .withMessage("reserved cpu millis was -1; expected 0 or more");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AgentCapacity.of(hw, null, null, 0, -1))
        .withMessage("reserved memory MiB was -1; expected 0 or more");
  }

  @Nested
  class GpusAndAccelerators {
    @Test
    void countOnlyNvidiaGpus() {
      HardwareInfo hw = aHardwareInfo().withNvidiaGpus(2).withRenderNode("i915").build();

      assertThat(AgentCapacity.of(hw, null, null).gpu()).isEqualTo(2);
    }

    @Test
    void aRenderNodeAloneGivesNoSchedulableGpu() {
      HardwareInfo hw = aHardwareInfo().withRenderNode("amdgpu").build();

      assertThat(AgentCapacity.of(hw, null, null).gpu()).isZero();
    }

    @Test
    void advertiseTheKindOfTheFirstAccelerator() {
      HardwareInfo hw =
          aHardwareInfo().withAccelerator(Accelerator.Kind.HAILO).withAccelerator(Accelerator.Kind.CORAL).build();

      assertThat(AgentCapacity.of(hw, null, null).accelerator()).isEqualTo("hailo");
    }

    @Test
    void aCoralIsAdvertisedAsCoral() {
      HardwareInfo hw = aHardwareInfo().withAccelerator(Accelerator.Kind.CORAL).build();

      assertThat(AgentCapacity.of(hw, null, null).accelerator()).isEqualTo("coral");
    }

    @Test
    void noAcceleratorIsNull() {
      assertThat(AgentCapacity.of(aHardwareInfo().build(), null, null).accelerator()).isNull();
    }

    @Test
    void areKeptWhenCpuAndMemoryAreOverridden() {
      HardwareInfo hw = aHardwareInfo().withNvidiaGpus(1).withAccelerator(Accelerator.Kind.CORAL).build();

      assertThat(AgentCapacity.of(hw, 1000, 1000)).isEqualTo(new Resources(1000, 1000, 1, "coral"));
    }
  }

  @Property
  void detectedCapacityIsNeverBelowTheFloorNorAboveTheHardware(
      @ForAll @IntRange(min = 1, max = 512) int threads,
      @ForAll @LongRange(min = 0, max = 4L * 1024 * 1024) long memoryMb,
      @ForAll @IntRange(min = 0, max = 100_000) int reservedCpu,
      @ForAll @IntRange(min = 0, max = 100_000) int reservedMemory) {
    HardwareInfo hw = aHardwareInfo().withCpuThreads(threads).withMemoryMb(memoryMb).build();

    Resources capacity = AgentCapacity.of(hw, null, null, reservedCpu, reservedMemory);

    int cpuCeiling = Math.max(AgentCapacity.MIN_CPU_MILLIS, threads * 1000);
    int memoryCeiling = (int) Math.max(AgentCapacity.MIN_MEMORY_MB, memoryMb);
    assertThat(capacity.cpuMillis()).isBetween(AgentCapacity.MIN_CPU_MILLIS, cpuCeiling);
    assertThat(capacity.memoryMb()).isBetween(AgentCapacity.MIN_MEMORY_MB, memoryCeiling);
  }

  @Property
  void aValidOverrideIsAlwaysAdvertisedAsGiven(
      @ForAll @IntRange(min = 1, max = Resources.MAX_CPU_MILLIS) int cpuMillis,
      @ForAll @IntRange(min = 1, max = Resources.MAX_MEMORY_MB) int memoryMb,
      @ForAll @IntRange(min = 0, max = 100_000) int reservedCpu,
      @ForAll @IntRange(min = 0, max = 100_000) int reservedMemory) {
    Resources capacity = AgentCapacity.of(aHardwareInfo().build(), cpuMillis, memoryMb, reservedCpu, reservedMemory);

    assertThat(capacity).isEqualTo(Resources.of(cpuMillis, memoryMb));
  }
}
