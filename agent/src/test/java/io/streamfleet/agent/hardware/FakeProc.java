package io.streamfleet.agent.hardware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Test data: a fake {@code /proc} under a temporary directory, with files laid out field for field
 * as the kernel writes them. Calls may be repeated to move counters forward between samples.
 */
final class FakeProc {
  final Path root;

  private FakeProc(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    withCpu(0, 0, 0, 0, 0);
    withMemory(8_000_000, 6_000_000);
  }

  /** A /proc with an idle, 25 %-used node and no processes. */
  static FakeProc in(Path tempDir) {
    return new FakeProc(tempDir.resolve("proc"));
  }

  /** The aggregate cpu line (plus one per-cpu line and the rest of the file, to be realistic). */
  FakeProc withCpu(long user, long nice, long system, long idle, long iowait) {
    write(root.resolve("stat"),
        "cpu  %d %d %d %d %d 0 0 0 0 0\n".formatted(user, nice, system, idle, iowait)
            + "cpu0 %d %d %d %d %d 0 0 0 0 0\n".formatted(user, nice, system, idle, iowait)
            + "intr 12345 0 0\nctxt 987654\nbtime 1764000000\nprocesses 4242\n");
    return this;
  }

  /** The raw text of /proc/stat, for lines the builder cannot express. */
  FakeProc withStatText(String text) {
    write(root.resolve("stat"), text);
    return this;
  }

  FakeProc withMemory(long totalKb, long availableKb) {
    write(root.resolve("meminfo"),
        """
        MemTotal:       %d kB
        MemFree:        1000 kB
        MemAvailable:   %d kB
        Buffers:        2000 kB
        Cached:         3000 kB
        """.formatted(totalKb, availableKb));
    return this;
  }

  /** The raw text of /proc/meminfo. */
  FakeProc withMeminfoText(String text) {
    write(root.resolve("meminfo"), text);
    return this;
  }

  /** A process started at tick 1000 with no resident memory. */
  FakeProc withProcess(long pid, long ppid, String name, long utime, long stime) {
    return withProcess(pid, ppid, name, utime, stime, 1000, 0);
  }

  /**
   * Writes {@code /proc/PID/stat} with all 52 fields and {@code /proc/PID/status} with
   * {@code VmRSS} (or none when {@code rssKb} is 0, as for a kernel thread).
   */
  FakeProc withProcess(long pid, long ppid, String name, long utime, long stime, long startTicks, long rssKb) {
    Path dir = root.resolve(Long.toString(pid));
    // Fields 3..52 as in proc(5); 14 utime, 15 stime, 22 starttime.
    String stat = "%d (%s) S %d %d %d 0 -1 4194560 100 0 0 0 %d %d 0 0 20 0 1 0 %d 3133440 384 "
        .formatted(pid, name, ppid, pid, pid, utime, stime, startTicks)
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 1 1 1 1 1 1 1 0\n";
    write(dir.resolve("stat"), stat);
    write(dir.resolve("status"),
        "Name:\t" + name + "\nState:\tS (sleeping)\nPid:\t" + pid + "\nPPid:\t" + ppid + "\n"
            + (rssKb > 0 ? "VmRSS:\t" + rssKb + " kB\n" : "")
            + "Threads:\t1\n");
    return this;
  }

  /** A process directory whose stat file is garbage, as a torn read could give. */
  FakeProc withCorruptProcess(long pid) {
    write(root.resolve(Long.toString(pid)).resolve("stat"), "garbage\n");
    return this;
  }

  /** A process directory with no files left in it: the process exited while being read. */
  FakeProc withVanishedProcess(long pid) {
    try {
      Files.createDirectories(root.resolve(Long.toString(pid)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  FakeProc withoutProcess(long pid) {
    Path dir = root.resolve(Long.toString(pid));
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(FakeProc::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
