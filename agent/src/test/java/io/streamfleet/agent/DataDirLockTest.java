package io.streamfleet.agent;

import static org.assertj.core.api.Assertions.assertThatIOException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
  @TempDir Path dir;

  @Test
  void aSecondAgentOnTheSameDataDirectoryIsRefusedWithTheRemedy() throws Exception {
    try (DataDirLock first = DataDirLock.acquire(dir)) {
      assertThatIOException().isThrownBy(() -> DataDirLock.acquire(dir))
          .withMessageContaining("another agent is using " + dir.toAbsolutePath())
          .withMessageContaining("give each agent its own --data-dir");
    }
    DataDirLock.acquire(dir).close(); // free again once the first has gone
  }
}
