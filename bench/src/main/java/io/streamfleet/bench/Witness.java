package io.streamfleet.bench;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.Readiness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An exclusive stream's witness: the exec processor {@code witness} ignores SIGTERM (like a
 * recorder that flushes for long) and appends "epoch uptime" to one file every 20 ms while it
 * lives. From the file: each epoch's lifetime on the machine's monotonic clock (/proc/uptime,
 * 10 ms steps), so the overlap or gap between consecutive instances.
 */
final class Witness {
  private final Path file;

  Witness(Path file) {
    this.file = file;
  }

  void defineProcessor(StreamfleetClient client) {
    String script = "trap '' TERM; echo ready; while :; do read -r up _ </proc/uptime; echo \"{epoch} $up\" >> " + file
        + "; sleep 0.02; done";
    client.putProcessor("witness", new ProcessorRequest(null, "exec", null, List.of("bash", "-c", script), null, null,
        new Readiness("stdout", "^ready", null), null, null));
  }

  /** Each epoch's first and last line, in milliseconds of uptime. */
  Map<Long, long[]> lifetimes() throws IOException {
    Map<Long, long[]> spans = new TreeMap<>();
    if (!Files.exists(file)) {
      return spans;
    }
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split(" ");
      if (f.length != 2 || !f[0].matches("\\d+") || !f[1].matches("\\d+\\.\\d\\d")) {
        continue; // a line being written
      }
      long ms = Long.parseLong(f[1].replace(".", "")) * 10;
      spans.merge(Long.parseLong(f[0]), new long[] {ms, ms}, (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
    }
    return spans;
  }

  /**
   * Between the last two epochs: the gap (start of the new one minus the last sign of the old one;
   * negative: they overlapped by that much).
   */
  long lastGapMs() throws IOException {
    List<long[]> spans = List.copyOf(lifetimes().values());
    if (spans.size() < 2) {
      return Long.MIN_VALUE;
    }
    return spans.get(spans.size() - 1)[0] - spans.get(spans.size() - 2)[1];
  }

  int epochs() throws IOException {
    return lifetimes().size();
  }

  /** This machine's uptime in ms, on the witness's clock. */
  static long uptimeMs() throws IOException {
    return Long.parseLong(Files.readString(Path.of("/proc/uptime")).split(" ")[0].replace(".", "")) * 10;
  }
}
