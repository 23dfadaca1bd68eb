package io.streamfleet.agent.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few fields of {@code /proc/PID/stat} process supervision needs. Zombies count as gone:
 * the agent may run under a PID 1 that never reaps them, and a zombie holds no resources.
 *
 * @param startTime field 22, clock ticks after boot; with the pid it names one process for good
 */
record ProcStat(long pid, char state, long processGroup, long startTime) {
  private static final Path PROC = Path.of("/proc");

  /** The process {@code pid}, or empty when it does not exist. */
  static Optional<ProcStat> of(long pid) {
    try {
      return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code pid} exists and is not a zombie. */
  static boolean isLive(long pid) {
    return of(pid).filter(ProcStat::live).isPresent();
  }

  /** The live (non-zombie) processes of process group {@code pgid}. */
  static List<Long> liveMembersOf(long pgid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : dirs) {
        of(Long.parseLong(dir.getFileName().toString()))
            .filter(s -> s.processGroup == pgid && s.live())
            .ifPresent(s -> members.add(s.pid));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list /proc", e);
    }
    return members;
  }

  static ProcStat parse(long pid, String stat) {
    // The command name (field 2) is in parentheses and may contain spaces or ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state), so field n is f[n - 3].
    return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19]));
  }

  boolean live() {
    return state != 'Z' && state != 'X';
  }
}
