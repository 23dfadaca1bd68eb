package io.streamfleet.agent.hardware;

import static io.streamfleet.agent.hardware.HardwareInfoBuilder.aHardwareInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareInfoTest {
  @Test
  void countsOnlyNvidiaDevicesAsSchedulableGpus() {
    HardwareInfo hw = aHardwareInfo().withNvidiaGpus(2).withRenderNode("nvidia").withRenderNode("i915").build();

    assertThat(hw.gpus()).hasSize(4);
    assertThat(hw.nvidiaGpuCount()).isEqualTo(2);
  }

  @Test
  void keepsItsOwnCopyOfTheDeviceLists() {
    List<Gpu> gpus = new ArrayList<>();
    gpus.add(new Gpu(Gpu.Kind.NVIDIA, Path.of("/dev/nvidia0"), "A"));
    HardwareInfo hw = new HardwareInfo(4, "cpu", 1024, gpus, List.of(), false, NodeClass.DESKTOP);

    gpus.clear();

    assertThat(hw.gpus()).hasSize(1);
  }

  @Test
  void rejectsZeroThreadsNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> aHardwareInfo().withCpuThreads(0).build())
        .withMessage("cpuThreads was 0; a node has at least 1");
  }

  @Test
  void rejectsNegativeMemoryNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> aHardwareInfo().withMemoryMb(-1).build())
        .withMessage("memoryMb was -1; expected 0 or more");
  }

  @Test
  void aGpuWithoutANameIsCalledUnknown() {
    assertThat(new Gpu(Gpu.Kind.DRI, Path.of("/dev/dri/renderD128"), null).name()).isEqualTo("unknown");
    assertThat(new Gpu(Gpu.Kind.DRI, Path.of("/dev/dri/renderD128"), "  ").name()).isEqualTo("unknown");
    assertThat(new Gpu(Gpu.Kind.NVIDIA, Path.of("/dev/nvidia0"), " Tesla T4 ").name()).isEqualTo("Tesla T4");
  }

  @Test
  void deviceKindsHaveLowerCaseWireNames() {
    assertThat(Gpu.Kind.NVIDIA.wireName()).isEqualTo("nvidia");
    assertThat(Gpu.Kind.DRI.wireName()).isEqualTo("dri");
    assertThat(Accelerator.Kind.HAILO.wireName()).isEqualTo("hailo");
    assertThat(Accelerator.Kind.CORAL.wireName()).isEqualTo("coral");
  }
}
