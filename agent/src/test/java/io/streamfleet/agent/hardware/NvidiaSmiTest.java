package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses shell scripts standing in for nvidia-smi. */
class NvidiaSmiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path tempDir;

  @Test
  void returnsOneNamePerLineInOrder() throws IOException {
    Path script = script("printf 'NVIDIA GeForce RTX 3060\\nTesla T4\\n'");

    assertThat(new NvidiaSmi(List.of(script.toString()), TIMEOUT).nvidiaGpuNames())
        .containsExactly("NVIDIA GeForce RTX 3060", "Tesla T4");
  }

  @Test
  void asksForNamesOnlyInCsvWithoutAHeader() throws IOException {
    Path script = script("echo \"$@\"");

    assertThat(new NvidiaSmi(List.of(script.toString()), TIMEOUT).nvidiaGpuNames())
        .containsExactly("--query-gpu=name --format=csv,noheader");
  }

  @Test
  void skipsBlankLinesAndTrimsNames() throws IOException {
    Path script = script("printf '  Tesla T4  \\n\\n'");

    assertThat(new NvidiaSmi(List.of(script.toString()), TIMEOUT).nvidiaGpuNames()).containsExactly("Tesla T4");
  }

  @Test
  void aFailingCommandGivesNoNames() throws IOException {
    Path script = script("echo 'NVIDIA-SMI has failed because it could not communicate with the driver'; exit 9");

    assertThat(new NvidiaSmi(List.of(script.toString()), TIMEOUT).nvidiaGpuNames()).isEmpty();
  }

  @Test
  void aMissingCommandGivesNoNames() {
    List<String> missing = List.of(tempDir.resolve("no-such-nvidia-smi").toString());

    assertThat(new NvidiaSmi(missing, TIMEOUT).nvidiaGpuNames()).isEmpty();
  }

  @Test
  void aHungCommandIsKilledAtTheTimeoutAndGivesNoNames() throws IOException {
    Path script = script("exec sleep 30");
    long start = System.nanoTime();

    List<String> names = new NvidiaSmi(List.of(script.toString()), Duration.ofMillis(200)).nvidiaGpuNames();

    assertThat(names).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  private Path script(String body) throws IOException {
    Path script = tempDir.resolve("nvidia-smi");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
