package io.streamfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev's agents read the launcher's class-data archive but never write it: only dev's own JVM does, once. */
class DevAgentsTest {
  @TempDir Path dir;

  @Test
  void agentsReuseAnExistingArchiveReadOnly() throws Exception {
    Path archive = Files.writeString(dir.resolve("streamfleet-jdk25-dev.jsa"), "archive");
    List<String> launcher = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+AutoCreateSharedArchive",
        "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    assertThat(DevAgents.sharedArchiveFlags(launcher))
        .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  }

  @Test
  void agentsGoWithoutAnArchiveThatDevHasNotWrittenYet() {
    List<String> launcher = List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir.resolve("absent.jsa"), "-Xlog:cds=off");

    assertThat(DevAgents.sharedArchiveFlags(launcher)).isEmpty();
  }
}
