package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.streamfleet.agent.hardware.ProcessUsage;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.JobRun;
import io.streamfleet.protocol.v1.Processor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobAttemptTest {
  static final long START = 5_000_000_000L;
  static final long SECOND = 1_000_000_000L;

  static DesiredInstance attempt(JobRun.Builder job) {
    return DesiredInstance.newBuilder().setStreamId("job:transcode-1").setEpoch(2).setExclusive(true)
        .setProcessor(Processor.newBuilder().setName("ffmpeg").setDriver("exec").addCommand("ffmpeg"))
        .setJob(job.setJobId("transcode-1")).build();
  }

  @Test
  void aCleanExitSucceedsWithTheMeasuredFigures() {
    JobAttempt a = new JobAttempt(attempt(JobRun.newBuilder().setProgress("ffmpeg")), 1_700_000_000_000L, START);
    a.sampled(new ProcessUsage(0, 50_000_000, 1));
    a.sampled(new ProcessUsage(180, 80_000_000, 2));
    a.sampled(new ProcessUsage(100, 60_000_000, 2));
    FfmpegProgressTest.TWO_BLOCKS.forEach(a::stdoutLine);

    JobOutcome o = a.outcome(new JobEnd.Exited(0), START + 4 * SECOND, "", Path.of("/data/job:transcode-1/out.mp4"), 1234);

    assertThat(o.getJobId()).isEqualTo("transcode-1");
    assertThat(o.getEpoch()).isEqualTo(2);
    assertThat(o.getSucceeded()).isTrue();
    assertThat(o.getExitCode()).isZero();
    assertThat(o.getReason()).isEmpty();
    assertThat(o.getStartedAtMs()).isEqualTo(1_700_000_000_000L);
    assertThat(o.getWallMs()).isEqualTo(4_000);
    assertThat(o.getCpuPercentAvg()).as("the first sample has no rate").isEqualTo(140);
    assertThat(o.getCpuPercentMax()).isEqualTo(180);
    assertThat(o.getPeakRssBytes()).isEqualTo(80_000_000);
    assertThat(o.getFrames()).isEqualTo(60);
    assertThat(o.getFps()).isEqualTo(29.91);
    assertThat(o.getSpeed()).isEqualTo(49.7);
    assertThat(o.getOutputPath()).isEqualTo("/data/job:transcode-1/out.mp4");
    assertThat(o.getOutputBytes()).isEqualTo(1234);
  }

  @Test
  void aFailedExitSaysItsCodeAndKeepsTheStderrTail() {
    JobAttempt a = new JobAttempt(attempt(JobRun.newBuilder()), 0, START);
    JobOutcome o = a.outcome(new JobEnd.Exited(3), START + SECOND, "hi", null, 0);
    assertThat(o.getSucceeded()).isFalse();
    assertThat(o.getExitCode()).isEqualTo(3);
    assertThat(o.getReason()).isEqualTo("exit code 3");
    assertThat(o.getStderrTail()).isEqualTo("hi");
    assertThat(o.hasField(JobOutcome.getDescriptor().findFieldByName("output_path"))).isFalse();
  }

  @Test
  void exitCodesOfAShellThatFoundNoProgramOrOfASignalCarryAHint() {
    assertThat(new JobEnd.Exited(127).reason()).startsWith("exit code 127 (command not found");
    assertThat(new JobEnd.Exited(126).reason()).startsWith("exit code 126 (the program is not executable");
    assertThat(new JobEnd.Exited(137).reason()).isEqualTo("exit code 137 (killed by signal 9)");
    assertThat(new JobEnd.Exited(1).reason()).isEqualTo("exit code 1");
  }

  @Test
  void anAttemptIsOverdueOnlyOnceItHasRunLongerThanItsTimeout() {
    JobAttempt a = new JobAttempt(attempt(JobRun.newBuilder().setTimeoutMs(90_000)), 0, START);
    assertThat(a.overdue(START + 90 * SECOND)).isFalse();
    assertThat(a.overdue(START + 90 * SECOND + 1)).isTrue();
    assertThat(new JobAttempt(attempt(JobRun.newBuilder()), 0, START).overdue(Long.MAX_VALUE)).as("no timeout").isFalse();
  }

  @Test
  void aTimedOutAttemptFailsWithMinusOneAndSaysAfterHowLong() {
    JobAttempt a = new JobAttempt(attempt(JobRun.newBuilder().setTimeoutMs(90_000)), 0, START);
    JobOutcome o = a.outcome(new JobEnd.TimedOut(90_000), START + 91 * SECOND, "", null, 0);
    assertThat(o.getSucceeded()).isFalse();
    assertThat(o.getTimedOut()).isTrue();
    assertThat(o.getExitCode()).isEqualTo(-1);
    assertThat(o.getReason()).isEqualTo("timed out after 90 s");
    assertThat(new JobEnd.TimedOut(1_500).reason()).isEqualTo("timed out after 1.5 s");
  }

  @Test
  void withoutAnFpsFromFfmpegTheFramesOverTheAttemptsTimeAreUsed() {
    JobAttempt a = new JobAttempt(attempt(JobRun.newBuilder().setProgress("ffmpeg")), 0, START);
    a.stdoutLine("frame=60");
    a.stdoutLine("fps=0.00"); // FFmpeg says 0 for runs under a second
    assertThat(a.outcome(new JobEnd.Exited(0), START + SECOND / 2, "", null, 0).getFps()).isEqualTo(120);
  }

  @Test
  void withoutASpeedFromFfmpegTheMediaTimeOrTheJobsMediaLengthOverTheAttemptsTimeIsUsed() {
    JobAttempt reported = new JobAttempt(attempt(JobRun.newBuilder().setProgress("ffmpeg").setMediaSeconds(10)), 0, START);
    reported.stdoutLine("out_time_us=6000000");
    assertThat(reported.outcome(new JobEnd.Exited(1), START + 2 * SECOND, "", null, 0).getSpeed()).isEqualTo(3);

    JobAttempt plain = new JobAttempt(attempt(JobRun.newBuilder().setMediaSeconds(10)), 0, START);
    assertThat(plain.outcome(new JobEnd.Exited(0), START + 4 * SECOND, "", null, 0).getSpeed()).isEqualTo(2.5);
    assertThat(plain.outcome(new JobEnd.Exited(1), START + 4 * SECOND, "", null, 0).getSpeed())
        .as("a failed attempt did not produce the whole media").isZero();
  }

  @Test
  void stdoutOfAJobWithoutProgressIsNotParsed() {
    JobAttempt a = new JobAttempt(attempt(JobRun.newBuilder()), 0, START);
    a.stdoutLine("frame=60");
    assertThat(a.progress()).isEqualTo(FfmpegProgress.NONE);
  }

  @Test
  void onlyAJobAttemptHasOne() {
    DesiredInstance stream = attempt(JobRun.newBuilder()).toBuilder().setStreamId("cam-1").build();
    assertThatIllegalArgumentException().isThrownBy(() -> new JobAttempt(stream, 0, START)).withMessageContaining("cam-1 is not a job attempt");
  }
}
