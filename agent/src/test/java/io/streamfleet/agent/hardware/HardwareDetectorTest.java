package io.streamfleet.agent.hardware;

import static io.streamfleet.agent.hardware.FakeCpuMemoryProbe.threadsAndGib;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareDetectorTest {
  @TempDir Path tempDir;

  private HardwareInfo detect(FakeMachine machine) {
    return machine.detector(threadsAndGib(4, 8), GpuNameSource.none()).detect();
  }

  @Nested
  class CpuAndMemory {
    @Test
    void comeFromTheProbeWithMemoryInWholeMebibytes() {
      long sixteenGibAndABit = 16L * 1024 * 1024 * 1024 + 1023;
      CpuMemoryProbe probe = new FakeCpuMemoryProbe(12, "AMD Ryzen 5 5600X 6-Core Processor", sixteenGibAndABit);

      HardwareInfo hw = FakeMachine.in(tempDir).detector(probe, GpuNameSource.none()).detect();

      assertThat(hw.cpuThreads()).isEqualTo(12);
      assertThat(hw.cpuModel()).isEqualTo("AMD Ryzen 5 5600X 6-Core Processor");
      assertThat(hw.memoryMb()).isEqualTo(16 * 1024);
    }

    @Test
    void anEmptyMachineHasNoDevicesAndNoBattery() {
      HardwareInfo hw = detect(FakeMachine.in(tempDir));

      assertThat(hw.gpus()).isEmpty();
      assertThat(hw.accelerators()).isEmpty();
      assertThat(hw.hasBattery()).isFalse();
    }

    @Test
    void missingDevAndSysDirectoriesMeanNoDevicesAndNoBattery() {
      HardwareDetector detector =
          new HardwareDetector(
              tempDir.resolve("no-dev"), tempDir.resolve("no-sys"), threadsAndGib(2, 4), GpuNameSource.none());

      HardwareInfo hw = detector.detect();

      assertThat(hw.gpus()).isEmpty();
      assertThat(hw.accelerators()).isEmpty();
      assertThat(hw.hasBattery()).isFalse();
    }
  }

  @Nested
  class NvidiaGpus {
    @Test
    void areTheNumberedNvidiaDevicesOnly() {
      FakeMachine machine =
          FakeMachine.in(tempDir)
              .withDevices("nvidia0", "nvidia1", "nvidiactl", "nvidia-uvm", "nvidia-uvm-tools", "nvidia-modeset")
              .withDeviceDirectory("nvidia-caps");

      HardwareInfo hw = detect(machine);

      assertThat(hw.gpus())
          .extracting(Gpu::kind, Gpu::device)
          .containsExactly(
              tuple(Gpu.Kind.NVIDIA, machine.dev.resolve("nvidia0")),
              tuple(Gpu.Kind.NVIDIA, machine.dev.resolve("nvidia1")));
    }

    @Test
    void areListedInDeviceNumberOrderNotStringOrder() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("nvidia10", "nvidia2", "nvidia1");

      assertThat(detect(machine).gpus())
          .extracting(gpu -> gpu.device().getFileName().toString())
          .containsExactly("nvidia1", "nvidia2", "nvidia10");
    }

    @Test
    void takeTheirNamesFromTheNameSourceByIndex() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("nvidia0", "nvidia1");
      GpuNameSource names = () -> List.of("NVIDIA GeForce RTX 3060", "Tesla T4");

      HardwareInfo hw = machine.detector(threadsAndGib(4, 8), names).detect();

      assertThat(hw.gpus()).extracting(Gpu::name).containsExactly("NVIDIA GeForce RTX 3060", "Tesla T4");
    }

    @Test
    void withoutANameAreCalledUnknown() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("nvidia0", "nvidia1");
      GpuNameSource onlyOneName = () -> List.of("Tesla T4");

      HardwareInfo hw = machine.detector(threadsAndGib(4, 8), onlyOneName).detect();

      assertThat(hw.gpus()).extracting(Gpu::name).containsExactly("Tesla T4", "unknown");
    }

    @Test
    void theNameSourceIsNotAskedWhenThereIsNoNvidiaDevice() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("nvidiactl", "dri/renderD128");
      AtomicInteger asked = new AtomicInteger();
      GpuNameSource countingSource = () -> {
        asked.incrementAndGet();
        return List.of();
      };

      machine.detector(threadsAndGib(4, 8), countingSource).detect();

      assertThat(asked).hasValue(0);
    }
  }

  @Nested
  class RenderNodes {
    @Test
    void areTheRenderDevicesUnderDriNotTheCardDevices() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("dri/card0", "dri/renderD128", "dri/by-path-link");

      assertThat(detect(machine).gpus())
          .extracting(Gpu::kind, Gpu::device)
          .containsExactly(tuple(Gpu.Kind.DRI, machine.dev.resolve("dri/renderD128")));
    }

    @Test
    void areNamedAfterTheirKernelDriver() {
      FakeMachine machine =
          FakeMachine.in(tempDir)
              .withDevices("dri/renderD128", "dri/renderD129")
              .withDrmDriver("renderD128", "i915")
              .withDrmDriver("renderD129", "amdgpu");

      assertThat(detect(machine).gpus()).extracting(Gpu::name).containsExactly("i915", "amdgpu");
    }

    @Test
    void withoutADriverInSysAreCalledUnknown() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("dri/renderD128");

      assertThat(detect(machine).gpus()).extracting(Gpu::name).containsExactly("unknown");
    }

    @Test
    void comeAfterNvidiaGpus() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("dri/renderD128", "nvidia0");

      assertThat(detect(machine).gpus()).extracting(Gpu::kind).containsExactly(Gpu.Kind.NVIDIA, Gpu.Kind.DRI);
    }
  }

  @Nested
  class Accelerators {
    @Test
    void hailoAndCoralDevicesAreFoundHailoFirst() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("apex_0", "hailo1", "hailo0", "apex_1");

      assertThat(detect(machine).accelerators())
          .extracting(Accelerator::kind, a -> a.device().getFileName().toString())
          .containsExactly(
              tuple(Accelerator.Kind.HAILO, "hailo0"),
              tuple(Accelerator.Kind.HAILO, "hailo1"),
              tuple(Accelerator.Kind.CORAL, "apex_0"),
              tuple(Accelerator.Kind.CORAL, "apex_1"));
    }

    @Test
    void similarlyNamedDevicesAreNotAccelerators() {
      FakeMachine machine = FakeMachine.in(tempDir).withDevices("apex", "my-hailo0", "tty0", "null");

      assertThat(detect(machine).accelerators()).isEmpty();
    }
  }

  @Nested
  class BatteryAndClass {
    @Test
    void aSystemBatteryMakesALaptop() {
      FakeMachine machine =
          FakeMachine.in(tempDir).withPowerSupply("AC", "Mains").withPowerSupply("BAT0", "Battery");

      HardwareInfo hw = machine.detector(threadsAndGib(64, 256), GpuNameSource.none()).detect();

      assertThat(hw.hasBattery()).isTrue();
      assertThat(hw.nodeClass()).isEqualTo(NodeClass.LAPTOP);
    }

    @Test
    void mainsPowerAloneIsNoBattery() {
      FakeMachine machine = FakeMachine.in(tempDir).withPowerSupply("AC", "Mains").withPowerSupply("ups", "UPS");

      assertThat(detect(machine).hasBattery()).isFalse();
    }

    @Test
    void aWirelessMouseBatteryDoesNotMakeADesktopALaptop() {
      FakeMachine machine =
          FakeMachine.in(tempDir).withPowerSupply("hidpp_battery_0", "Battery", "Device");

      HardwareInfo hw = detect(machine);

      assertThat(hw.hasBattery()).isFalse();
      assertThat(hw.nodeClass()).isEqualTo(NodeClass.DESKTOP);
    }

    @Test
    void aBatteryWithSystemScopeCounts() {
      FakeMachine machine = FakeMachine.in(tempDir).withPowerSupply("BAT1", "Battery", "System");

      assertThat(detect(machine).hasBattery()).isTrue();
    }

    @Test
    void aPowerSupplyWithoutATypeFileIsIgnored() {
      FakeMachine machine = FakeMachine.in(tempDir).withPowerSupplyWithoutType("weird");

      assertThat(detect(machine).hasBattery()).isFalse();
    }

    @Test
    void aLargeMachineWithoutABatteryIsAServer() {
      HardwareInfo hw =
          FakeMachine.in(tempDir).detector(threadsAndGib(32, 64), GpuNameSource.none()).detect();

      assertThat(hw.nodeClass()).isEqualTo(NodeClass.SERVER);
    }

    @Test
    void aSmallMachineWithoutABatteryIsADesktop() {
      assertThat(detect(FakeMachine.in(tempDir)).nodeClass()).isEqualTo(NodeClass.DESKTOP);
    }
  }
}
