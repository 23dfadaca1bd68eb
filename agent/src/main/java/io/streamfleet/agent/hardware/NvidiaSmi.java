package io.streamfleet.agent.hardware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads GPU names with {@code nvidia-smi --query-gpu=name --format=csv,noheader}, which prints one
 * name per line in GPU index order. A missing binary, a failing driver or a hung call all give an
 * empty list: names are cosmetic and must never stop the agent from starting.
 */
final class NvidiaSmi implements GpuNameSource {
  private final List<String> executable;
  private final Duration timeout;

  /**
   * @param executable the command that starts nvidia-smi (a test passes a fake script); the query
   *     arguments are appended
   * @param timeout how long to wait before killing it
   */
  NvidiaSmi(List<String> executable, Duration timeout) {
    this.executable = List.copyOf(executable);
    this.timeout = timeout;
  }

  @Override
  public List<String> nvidiaGpuNames() {
    List<String> command = new ArrayList<>(executable);
    command.add("--query-gpu=name");
    command.add("--format=csv,noheader");
    return TimedCommand.stdoutOf(command, timeout)
        .map(out -> out.lines().map(String::strip).filter(line -> !line.isEmpty()).toList())
        .orElse(List.of());
  }
}
