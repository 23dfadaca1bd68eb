package io.streamfleet.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The live processes of this machine whose command line holds a marker, such as a sleep of
 * {@code 600.<test pid><n>} seconds that no other test starts. Zombies count as gone: a killed
 * child whose parent has not reaped it yet runs nothing.
 */
final class MarkedProcesses {
  private MarkedProcesses() {}

  static List<ProcessHandle> alive(String marker) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> !isZombie(p.pid()))
        .toList();
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (Exception e) {
      return true; // gone
    }
  }
}
