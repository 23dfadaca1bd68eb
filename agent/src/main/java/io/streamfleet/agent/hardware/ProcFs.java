package io.streamfleet.agent.hardware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the files of a {@code /proc} tree. Node-wide files must exist (the agent needs Linux);
 * per-process files may vanish at any moment as processes exit, and a vanished process is simply
 * left out.
 */
final class ProcFs {
  private static final Logger log = LoggerFactory.getLogger(ProcFs.class);

  private final Path root;

  ProcFs(Path root) {
    this.root = root;
  }

  CpuTimes cpuTimes() {
    return CpuTimes.parse(readNodeFile("stat"));
  }

  MemInfo memInfo() {
    return MemInfo.parse(readNodeFile("meminfo"));
  }

  /** Every process whose stat file could be read; threads are folded into their process. */
  List<ProcessStat> processes() {
    List<ProcessStat> table = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, ProcFs::isPidDirectory)) {
      for (Path entry : entries) {
        readProcess(entry).ifPresent(table::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list " + root + ": " + e.getMessage() + " (the agent needs a Linux /proc)", e);
    }
    return table;
  }

  /**
   * Resident memory of one process from the {@code VmRSS} line of its status file, in bytes. Zero
   * when the process has gone or has no user memory (kernel threads have no VmRSS line). VmRSS is
   * in KiB whatever the page size, which spares knowing the page size (16 KiB on a Raspberry Pi 5).
   */
  long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(root.resolve(Long.toString(pid)).resolve("status"))) {
        if (line.startsWith("VmRSS:")) {
          return 1024 * Long.parseLong(line.substring("VmRSS:".length()).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("no VmRSS for pid {}: {}", pid, e.getMessage());
    }
    return 0;
  }

  private static boolean isPidDirectory(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }

  private static Optional<ProcessStat> readProcess(Path pidDir) {
    try {
      return Optional.of(ProcessStat.parse(Files.readString(pidDir.resolve("stat"))));
    } catch (IOException e) {
      return Optional.empty(); // exited between listing and reading
    } catch (RuntimeException e) {
      log.debug("unreadable {}: {}", pidDir.resolve("stat"), e.getMessage());
      return Optional.empty();
    }
  }

  private String readNodeFile(String name) {
    Path file = root.resolve(name);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + ": " + e.getMessage() + " (the agent needs a Linux /proc)", e);
    }
  }
}
