package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.Eventually;
import io.streamfleet.agent.hardware.UsageSampler;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.JobRun;
import io.streamfleet.protocol.v1.Processor;
import io.streamfleet.testing.RequiresProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job attempts as real child processes; time is a manual clock and timer unless a test says otherwise. */
class JobRunnerTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static ProcessLauncher launcher;

  @TempDir Path dataDir;
  final RecordingListener listener = new RecordingListener();
  final RecordingGuard guard = new RecordingGuard();
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final ManualTimer timer = new ManualTimer();
  final JobTiming manualTime = new JobTiming(nanos::get, () -> 1_700_000_000_000L, timer);
  final UsageSampler sampler = UsageSampler.forThisMachine();
  final List<JobRunner> started = new ArrayList<>();

  @BeforeAll
  static void startLauncher() {
    launcher = new ProcessLauncher(Duration.ofMillis(500));
  }

  @AfterAll
  static void closeLauncher() {
    launcher.close();
  }

  @AfterEach
  void stopAll() {
    started.forEach(JobRunner::stop);
  }

  JobRunner run(JobRun.Builder job, JobTiming timing, String... argv) throws Exception {
    DesiredInstance d = DesiredInstance.newBuilder().setStreamId("job:j1").setEpoch(1).setExclusive(true)
        .setProcessor(Processor.newBuilder().setName("job").setDriver("exec").addAllCommand(List.of(argv)))
        .setJob(job.setJobId("j1")).build();
    JobRunner runner = new JobRunner(d, ExecCommand.of(d, "node-a", dataDir), launcher, sampler::sampleProcessTree, listener,
        new Orphans(dataDir), guard, timing);
    started.add(runner);
    runner.start();
    return runner;
  }

  JobOutcome outcome(JobRunner runner) throws InterruptedException {
    assertThat(runner.awaitFinished(WAIT)).as("the attempt ended").isTrue();
    assertThat(listener.outcomes).as("exactly one outcome").hasSize(1);
    return listener.outcomes.getFirst();
  }

  long processGroup() {
    Eventually.await(WAIT, "the process group guarded", () -> !guard.guarded.isEmpty());
    return guard.guarded.getFirst();
  }

  @Test
  void aFailingJobReportsItsExitCodeReasonAndStderrTailOnce() throws Exception {
    JobOutcome o = outcome(run(JobRun.newBuilder(), manualTime, "sh", "-c", "echo hi >&2; exit 3"));

    assertThat(o.getJobId()).isEqualTo("j1");
    assertThat(o.getEpoch()).isEqualTo(1);
    assertThat(dataDir.resolve("job:j1")).as("an attempt without output leaves no directory").doesNotExist();
    assertThat(o.getSucceeded()).isFalse();
    assertThat(o.getExitCode()).isEqualTo(3);
    assertThat(o.getReason()).isEqualTo("exit code 3");
    assertThat(o.getStderrTail()).isEqualTo("hi");
    assertThat(o.getTimedOut()).isFalse();
    assertThat(o.getStartedAtMs()).isEqualTo(1_700_000_000_000L);
    assertThat(listener.running.get()).as("running as soon as started, whatever the readiness rule").isEqualTo(1);
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void aJobThatExitsCleanlySucceeds() throws Exception {
    JobOutcome o = outcome(run(JobRun.newBuilder(), manualTime, "sh", "-c", "exit 0"));
    assertThat(o.getSucceeded()).isTrue();
    assertThat(o.getExitCode()).isZero();
    assertThat(o.getReason()).isEmpty();
  }

  @Test
  void theOutputFileIsReportedWithItsAbsolutePathInTheDataDirAndItsSize() throws Exception {
    JobOutcome o = outcome(run(JobRun.newBuilder().setOutputFile("out.bin"), manualTime, "sh", "-c", "printf abc > {data.dir}/out.bin"));
    assertThat(o.getOutputPath()).isEqualTo(dataDir.resolve("job:j1").resolve("out.bin").toAbsolutePath().toString());
    assertThat(o.getOutputBytes()).isEqualTo(3);
  }

  @Test
  void anOutputLeftByAnEarlierAttemptDoesNotPassForThisOnes() throws Exception {
    Files.createDirectories(dataDir.resolve("job:j1"));
    Files.writeString(dataDir.resolve("job:j1/out.bin"), "from attempt 0");
    JobOutcome o = outcome(run(JobRun.newBuilder().setOutputFile("out.bin"), manualTime, "sh", "-c", "exit 0"));
    assertThat(o.getOutputBytes()).isZero();
  }

  @Test
  void aProgramThatCannotStartEndsTheAttemptWithoutAnExitCode() throws Exception {
    JobOutcome o = outcome(run(JobRun.newBuilder(), manualTime, "no-such-encoder", "-i", "x"));
    assertThat(o.getSucceeded()).isFalse();
    assertThat(o.getExitCode()).isEqualTo(-1);
    assertThat(o.getReason()).startsWith("cannot start 'no-such-encoder': No such file or directory")
        .endsWith("install the program on this node or fix the job's command");
    assertThat(listener.running.get()).isZero();
  }

  @Test
  void aShellThatFindsNoProgramGivesAHint() throws Exception {
    JobOutcome o = outcome(run(JobRun.newBuilder(), manualTime, "sh", "-c", "no-such-encoder-either"));
    assertThat(o.getExitCode()).isEqualTo(127);
    assertThat(o.getReason()).startsWith("exit code 127 (command not found");
  }

  @Test
  void aJobPastItsTimeoutIsKilledWithItsWholeProcessGroupAtTheNextTick() throws Exception {
    JobRunner runner = run(JobRun.newBuilder().setTimeoutMs(5_000), manualTime, "sh", "-c", "sleep 60 & sleep 60");
    long pgid = processGroup();
    Eventually.await(WAIT, "the sampling tick scheduled", () -> timer.scheduled() == 1);
    Eventually.await(WAIT, "the background sleep started", () -> ProcStat.liveMembersOf(pgid).size() == 3);

    nanos.addAndGet(Duration.ofMillis(5_000).toNanos());
    timer.tick();
    assertThat(runner.awaitFinished(Duration.ZERO)).as("not past the timeout yet").isFalse();
    assertThat(runner.usage().rssBytes()).as("sampled while it runs").isPositive();

    nanos.addAndGet(1);
    timer.tick();

    JobOutcome o = outcome(runner);
    assertThat(o.getTimedOut()).isTrue();
    assertThat(o.getSucceeded()).isFalse();
    assertThat(o.getExitCode()).isEqualTo(-1);
    assertThat(o.getReason()).isEqualTo("timed out after 5 s");
    assertThat(o.getWallMs()).isEqualTo(5_000);
    assertThat(o.getPeakRssBytes()).isPositive();
    assertThat(ProcStat.liveMembersOf(pgid)).as("no process of the group is left").isEmpty();
    assertThat(guard.unguarded).containsExactly(pgid);
    assertThat(timer.scheduled()).as("the ticks end with the attempt").isZero();
  }

  @Test
  void onTheRealClockATimedOutJobLeavesNoProcessBehind() throws Exception {
    JobRunner runner = run(JobRun.newBuilder().setTimeoutMs(200), JobTiming.system(), "sh", "-c", "sleep 60 & sleep 60");
    long pgid = processGroup();

    JobOutcome o = outcome(runner);

    assertThat(o.getTimedOut()).isTrue();
    assertThat(o.getReason()).isEqualTo("timed out after 0.2 s");
    assertThat(o.getWallMs()).isBetween(200L, 10_000L);
    assertThat(ProcStat.liveMembersOf(pgid)).isEmpty();
    assertThat(ProcStat.isLive(pgid)).isFalse();
  }

  @Test
  void aJobTheAgentStopsEndsWithoutAnOutcome() throws Exception {
    JobRunner runner = run(JobRun.newBuilder(), manualTime, "sleep", "60");
    long pgid = processGroup();
    Eventually.await(WAIT, "running", () -> listener.running.get() == 1);

    runner.stop();

    assertThat(ProcStat.liveMembersOf(pgid)).isEmpty();
    assertThat(runner.awaitFinished(WAIT)).isTrue();
    assertThat(listener.outcomes).isEmpty();
  }

  @Test
  void aJobKilledAtLeaseExpiryEndsWithoutAnOutcome() throws Exception {
    JobRunner runner = run(JobRun.newBuilder(), manualTime, "sleep", "60");
    long pgid = processGroup();

    runner.kill();

    assertThat(runner.awaitFinished(WAIT)).isTrue();
    assertThat(ProcStat.liveMembersOf(pgid)).isEmpty();
    assertThat(listener.outcomes).isEmpty();
  }

  @Test
  void aStopBeforeTheStartRunsNothing() throws Exception {
    DesiredInstance d = DesiredInstance.newBuilder().setStreamId("job:j1").setEpoch(1)
        .setProcessor(Processor.newBuilder().setDriver("exec").addCommand("true")).setJob(JobRun.newBuilder().setJobId("j1")).build();
    JobRunner runner = new JobRunner(d, ExecCommand.of(d, "node-a", dataDir), launcher, sampler::sampleProcessTree, listener,
        new Orphans(dataDir), guard, manualTime);
    runner.stop();
    runner.start();
    assertThat(runner.awaitFinished(Duration.ZERO)).isTrue();
    assertThat(guard.guarded).isEmpty();
  }

  @Test
  @RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
  void anFfmpegJobReportsItsFramesFpsAndSpeed() throws Exception {
    JobRunner runner = run(JobRun.newBuilder().setProgress("ffmpeg").setMediaSeconds(2), JobTiming.system(),
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-an", "-c:v", "libx264", "-preset", "ultrafast",
        "-f", "null", "-");

    JobOutcome o = outcome(runner);

    assertThat(o.getSucceeded()).as(o.getReason() + " " + o.getStderrTail()).isTrue();
    assertThat(o.getFrames()).isBetween(58L, 62L);
    assertThat(o.getFps()).isPositive();
    assertThat(o.getSpeed()).isPositive();
    assertThat(o.getWallMs()).isPositive();
    assertThat(o.getCpuPercentAvg()).as("a run of well under a second still gets a CPU figure: %s", o).isPositive();
    assertThat(o.getCpuPercentMax()).isGreaterThanOrEqualTo(o.getCpuPercentAvg());
    assertThat(o.getPeakRssBytes()).isPositive();
  }
}
