package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecCommandTest {
  @TempDir Path dataDir;

  static DesiredInstance instance(Processor.Builder processor) {
    return DesiredInstance.newBuilder().setStreamId("cam-1").setEpoch(7).setUrl("rtsp://cam/1")
        .putParams("zone", "north").setProcessor(processor.setName("det").setDriver("exec")).build();
  }

  @Test
  void expandsEveryPlaceholderAndCreatesTheStreamDataDir() throws Exception {
    ExecCommand c = ExecCommand.of(instance(Processor.newBuilder()
        .addAllCommand(List.of("det", "--url={stream.url}", "{stream.id}", "{epoch}", "{node.id}", "{data.dir}/out", "{param.zone}"))
        .putEnv("ZONE", "{param.zone}")), "node-a", dataDir);

    Path streamDir = dataDir.resolve("cam-1");
    assertThat(c.argv()).containsExactly("det", "--url=rtsp://cam/1", "cam-1", "7", "node-a", streamDir + "/out", "north");
    assertThat(c.env()).as("the processor's env, plus its identity for fencing").isEqualTo(Map.of("ZONE", "north",
        "STREAMFLEET_STREAM_ID", "cam-1", "STREAMFLEET_EPOCH", "7", "STREAMFLEET_NODE_ID", "node-a"));
    assertThat(c.workingDir()).isEqualTo(streamDir);
    assertThat(streamDir).isDirectory();
  }

  @Test
  void anExplicitWorkingDirIsExpandedToo() throws Exception {
    ExecCommand c = ExecCommand.of(instance(Processor.newBuilder().addCommand("det").setWorkingDir("/tmp/{stream.id}")), "n", dataDir);
    assertThat(c.workingDir()).isEqualTo(Path.of("/tmp/cam-1"));
  }

  @Test
  void anUnknownPlaceholderIsRejectedWithItsName() {
    assertThatThrownBy(() -> ExecCommand.of(instance(Processor.newBuilder().addCommand("det").addCommand("{stream.name}")), "n", dataDir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{stream.name}");
  }

  @Test
  void aMissingParamIsRejectedWithItsName() {
    assertThatThrownBy(() -> ExecCommand.of(instance(Processor.newBuilder().addCommand("det").addCommand("{param.missing}")), "n", dataDir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{param.missing}");
  }

  @Test
  void anEmptyCommandIsRejected() {
    assertThatThrownBy(() -> ExecCommand.of(instance(Processor.newBuilder()), "n", dataDir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no command");
  }
}
