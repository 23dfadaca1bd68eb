package io.streamfleet.agent.exec;

import io.streamfleet.agent.hardware.ProcessUsage;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.JobRun;
import java.nio.file.Path;

/**
 * What is known of one job attempt while it runs (its start, usage samples, FFmpeg progress),
 * whether it is past its timeout, and the {@link JobOutcome} it makes when it ends. No threads,
 * no clock of its own: the {@link JobRunner} feeds it. Thread-safe (the stdout reader, the
 * sampling tick and the runner all do).
 */
public final class JobAttempt {
  private final String jobId;
  private final long epoch;
  private final JobRun job;
  private final long startedAtWallMs;
  private final long startedNanos;
  private FfmpegProgress progress = FfmpegProgress.NONE;
  private JobUsage usage = JobUsage.NONE;

  /**
   * @param instance the desired instance of the attempt ({@code job:ID} at the attempt's epoch)
   * @param startedAtWallMs the wall clock at the start, for display
   * @param startedNanos the monotonic clock at the start, for the timeout and the duration
   */
  public JobAttempt(DesiredInstance instance, long startedAtWallMs, long startedNanos) {
    this.jobId = JobIds.jobOf(instance.getStreamId());
    if (jobId == null || !instance.hasJob()) {
      throw new IllegalArgumentException("instance " + instance.getStreamId() + " is not a job attempt; expected id job:ID and a job");
    }
    this.epoch = instance.getEpoch();
    this.job = instance.getJob();
    this.startedAtWallMs = startedAtWallMs;
    this.startedNanos = startedNanos;
  }

  public JobRun job() {
    return job;
  }

  /** One line of the program's stdout: FFmpeg progress when the job says so, otherwise ignored. */
  public synchronized void stdoutLine(String line) {
    if (job.getProgress().equals("ffmpeg")) {
      progress = progress.next(line);
    }
  }

  public synchronized void sampled(ProcessUsage sample) {
    sampled(sample, 1);
  }

  /** A sample covering {@code weightMs} since the previous one. */
  public synchronized void sampled(ProcessUsage sample, double weightMs) {
    usage = usage.plus(sample, weightMs);
  }

  public synchronized FfmpegProgress progress() {
    return progress;
  }

  public synchronized JobUsage usage() {
    return usage;
  }

  /** Whether the attempt has run longer than its timeout at {@code nowNanos}; never without one. */
  public boolean overdue(long nowNanos) {
    return job.getTimeoutMs() > 0 && nowNanos - startedNanos > job.getTimeoutMs() * 1_000_000;
  }

  /**
   * The outcome of the attempt that ended as {@code end} at {@code endedNanos}.
   *
   * @param stderrTail the last lines the program wrote to stderr
   * @param output the job's output file (absolute), or null when it has none
   * @param outputBytes its size, 0 when it is missing
   */
  public synchronized JobOutcome outcome(JobEnd end, long endedNanos, String stderrTail, Path output, long outputBytes) {
    long wallMs = Math.max(0, (endedNanos - startedNanos) / 1_000_000);
    double seconds = wallMs / 1000.0;
    JobOutcome.Builder b = JobOutcome.newBuilder().setJobId(jobId).setEpoch(epoch)
        .setSucceeded(end.succeeded()).setExitCode(end.exitCode()).setTimedOut(end instanceof JobEnd.TimedOut)
        .setReason(end.reason()).setStartedAtMs(startedAtWallMs).setWallMs(wallMs)
        .setCpuPercentAvg(usage.cpuPercentAvg()).setCpuPercentMax(usage.cpuPercentMax()).setPeakRssBytes(usage.peakRssBytes())
        .setFrames(progress.frames()).setFps(fps(seconds)).setSpeed(speed(end, seconds)).setStderrTail(stderrTail);
    if (output != null) {
      b.setOutputPath(output.toString()).setOutputBytes(outputBytes);
    }
    return b.build();
  }

  /** FFmpeg's last figure; it says 0 for runs under a second, so then frames over the attempt's time. */
  private double fps(double seconds) {
    if (progress.fps() > 0 || seconds <= 0) {
      return progress.fps();
    }
    return progress.frames() / seconds;
  }

  /**
   * FFmpeg's last figure; without one, the media time it wrote over the attempt's time; without
   * that, the job's media length, if the attempt succeeded (so produced all of it).
   */
  private double speed(JobEnd end, double seconds) {
    if (progress.speed() > 0 || seconds <= 0) {
      return progress.speed();
    }
    if (progress.outTimeUs() > 0) {
      return progress.outTimeUs() / 1e6 / seconds;
    }
    return end.succeeded() && job.getMediaSeconds() > 0 ? job.getMediaSeconds() / seconds : 0;
  }
}
