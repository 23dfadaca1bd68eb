package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one attempt of a job produced, as its node measured it.
 *
 * @param exitCode the process's exit code, or null when it never started or was killed
 * @param wallMs from start to exit
 * @param cpuPercentAvg mean CPU of the process tree over the run (100 = one core)
 * @param peakRssBytes the largest resident set sampled
 * @param fps FFmpeg's achieved frames per second (0 when not an FFmpeg job)
 * @param speed FFmpeg's speed: media seconds encoded per wall-clock second
 * @param stderrTail the last lines the process wrote to stderr
 * @param outputPath where the output was written on the node, or null when discarded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(
    Integer exitCode, boolean succeeded, boolean timedOut, String reason, long startedMs, long wallMs, double cpuPercentAvg,
    double cpuPercentMax, long peakRssBytes, double fps, double speed, long frames, String stderrTail, String outputPath,
    long outputBytes) {

  public static JobResult notRun(String reason) {
    return new JobResult(null, false, false, reason, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0);
  }
}
