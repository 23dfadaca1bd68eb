package io.streamfleet.agent.hardware;

import java.util.HashMap;
import java.util.Map;

/**
 * Total and available memory from {@code /proc/meminfo}, in KiB.
 *
 * <p>"Available" is the kernel's own estimate of what can be allocated without swapping
 * ({@code MemAvailable}, Linux 3.14+). Older kernels lack it; then free + buffers + page cache
 * stands in, which is what {@code free} did before.
 */
record MemInfo(long totalKb, long availableKb) {

  static MemInfo parse(String procMeminfo) {
    Map<String, Long> kb = new HashMap<>();
    procMeminfo.lines().forEach(line -> {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String[] value = line.substring(colon + 1).strip().split("\\s+");
        try {
          kb.put(line.substring(0, colon), Long.parseLong(value[0]));
        } catch (NumberFormatException e) {
          // A line we do not use; keep going.
        }
      }
    });
    Long total = kb.get("MemTotal");
    if (total == null) {
      throw new IllegalArgumentException("/proc/meminfo has no MemTotal line");
    }
    Long available = kb.get("MemAvailable");
    if (available == null) {
      available = kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
    }
    return new MemInfo(total, available);
  }

  /** Memory in use (total − available) as a share of total, 0–100. */
  double usedPercent() {
    if (totalKb <= 0) {
      return 0;
    }
    return Math.max(0, Math.min(100, 100.0 * (totalKb - availableKb) / totalKb));
  }
}
