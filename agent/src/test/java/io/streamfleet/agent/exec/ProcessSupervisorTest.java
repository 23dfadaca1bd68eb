package io.streamfleet.agent.exec;

import io.streamfleet.agent.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSupervisorTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static ProcessLauncher launcher;

  @TempDir Path dataDir;
  final RecordingListener listener = new RecordingListener();
  final List<ProcessSupervisor> started = new ArrayList<>();

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
    started.forEach(ProcessSupervisor::stop);
  }

  static List<String> fake(String... flags) {
    List<String> argv = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), FakeProcessor.class.getName()));
    argv.addAll(List.of(flags));
    return argv;
  }

  static RestartPolicy quickPolicy(int crashLimit) {
    return new RestartPolicy(Duration.ofMillis(20), Duration.ofMillis(100), crashLimit, Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  ProcessSupervisor supervise(List<String> argv, Readiness readiness, RestartPolicy policy) {
    ExecCommand command = new ExecCommand(argv, java.util.Map.of(), dataDir, dataDir);
    ProcessSupervisor s = new ProcessSupervisor("cam-1", command, readiness, launcher, policy, listener,
        new Orphans(dataDir), System::currentTimeMillis);
    started.add(s);
    s.start();
    return s;
  }

  @Test
  void becomesRunningAtTheFirstStdoutLineMatchingThePattern() {
    supervise(fake("--ready-after", "300"), new Readiness.StdoutMatch(Pattern.compile("^rea")), quickPolicy(5));
    Eventually.await(WAIT, "running", () -> listener.running.get() == 1);
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void becomesRunningAtTheFirstEventAndForwardsEveryEvent() {
    supervise(fake("--events", "3"), new Readiness.FirstEvent(), quickPolicy(5));
    Eventually.await(WAIT, "three events", () -> listener.events.size() == 3);
    assertThat(listener.running.get()).isEqualTo(1);
    assertThat(listener.events).extracting(RecordingListener.Event::sequence).containsExactly(1L, 2L, 3L);
    assertThat(listener.events.getFirst().kind()).isEqualTo("fake");
    assertThat(listener.events.getFirst().payloadJson()).isEqualTo("{\"n\":1}");
  }

  @Test
  void becomesRunningAfterTheDelayWhenStillAlive() {
    ProcessSupervisor s = supervise(List.of("sleep", "60"), new Readiness.Delay(Duration.ofMillis(200)), quickPolicy(5));
    Eventually.await(WAIT, "running", () -> listener.running.get() == 1);
    assertThat(s.pid()).isPresent();
  }

  @Test
  void doesNotBecomeRunningWhenItExitsBeforeTheDelay() {
    ProcessSupervisor s = supervise(List.of("sh", "-c", "echo dying >&2; exit 3"), new Readiness.Delay(Duration.ofSeconds(5)), quickPolicy(3));
    Eventually.await(WAIT, "failed", () -> !listener.failures.isEmpty());
    assertThat(listener.running.get()).isZero();
    assertThat(s.restarts()).isEqualTo(2);
  }

  @Test
  void aCrashIsRestartedWithBackoffAndEachStartBecomesRunning() {
    ProcessSupervisor s = supervise(fake("--run-for", "100", "--exit-code", "1"), new Readiness.Delay(Duration.ZERO), quickPolicy(100));
    Eventually.await(WAIT, "two restarts", () -> s.restarts() >= 2);
    Eventually.await(WAIT, "running after each start", () -> listener.running.get() >= 3);
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void aCrashLoopFailsWithTheLastStderrLinesAndStopsRestarting() throws Exception {
    ProcessSupervisor s = supervise(List.of("sh", "-c", "echo 'camera unreachable' >&2; exit 2"), new Readiness.Delay(Duration.ZERO), quickPolicy(5));
    Eventually.await(WAIT, "failed", () -> !listener.failures.isEmpty());
    assertThat(listener.failures).singleElement().asString()
        .contains("crashed 5 times in 60 s (last exit code 2)")
        .contains("camera unreachable");
    assertThat(s.awaitFinished(WAIT)).as("the supervisor gave up for good").isTrue();
    assertThat(s.restarts()).isEqualTo(4);
    assertThat(s.pid()).isEmpty();
  }

  @Test
  void aFakeProcessorCrashLoopReportsItsStderr() {
    supervise(fake("--run-for", "0", "--exit-code", "4", "--stderr", "model file missing"), new Readiness.Delay(Duration.ZERO), quickPolicy(2));
    Eventually.await(WAIT, "failed", () -> !listener.failures.isEmpty());
    assertThat(listener.failures.getFirst()).contains("last exit code 4").contains("model file missing");
  }

  @Test
  void aProgramThatDoesNotExistFailsQuicklyWithAClearReason() throws Exception {
    long start = System.nanoTime();
    ProcessSupervisor s = supervise(List.of("nosuchprog", "--x"), new Readiness.Delay(Duration.ZERO), quickPolicy(5));
    Eventually.await(WAIT, "failed", () -> !listener.failures.isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(listener.failures).singleElement().asString()
        .contains("crashed 5 times")
        .contains("cannot start 'nosuchprog': No such file or directory");
    assertThat(s.awaitFinished(WAIT)).as("the supervisor gave up for good").isTrue();
    assertThat(s.restarts()).isEqualTo(4);
  }

  @Test
  void stopEndsTheWholeProcessGroup() {
    ProcessSupervisor s = supervise(List.of("sh", "-c", "sleep 60 & sleep 60"), new Readiness.Delay(Duration.ZERO), quickPolicy(5));
    Eventually.await(WAIT, "two sleeps", () -> s.pid().isPresent() && descendants(s.pid().getAsLong()).size() == 2);
    long leader = s.pid().getAsLong();
    List<Long> pids = new ArrayList<>(descendants(leader));
    pids.add(leader);

    s.stop();

    assertThat(pids).noneMatch(ProcStat::isLive);
    assertThat(ProcStat.liveMembersOf(leader)).isEmpty();
    assertThat(listener.failures).isEmpty();
    assertThat(dataDir.resolve(".pids/cam-1")).doesNotExist();
  }

  @Test
  void stopKillsAGroupThatIgnoresSigterm() {
    ProcessSupervisor s = supervise(List.of("sh", "-c", "trap '' TERM; sleep 60 & sleep 60"), new Readiness.Delay(Duration.ZERO), quickPolicy(5));
    Eventually.await(WAIT, "two sleeps", () -> s.pid().isPresent() && descendants(s.pid().getAsLong()).size() == 2);
    long leader = s.pid().getAsLong();

    s.stop();

    assertThat(ProcStat.liveMembersOf(leader)).isEmpty();
  }

  @Test
  void stopDuringTheBackoffReturnsAtOnceWithoutRestarting() {
    RestartPolicy slow = new RestartPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30), 5, Duration.ofSeconds(60), Duration.ofSeconds(60));
    // Runs a moment before failing: a process that exits at once may be gone before it is
    // reported running (seen once on a loaded machine), and the wait below needs that report.
    ProcessSupervisor s = supervise(List.of("sh", "-c", "sleep 0.2; exit 1"), new Readiness.Delay(Duration.ZERO), slow);
    Eventually.await(WAIT, "first run over", () -> listener.running.get() == 1 && s.pid().isEmpty());

    long start = System.nanoTime();
    s.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(s.restarts()).isZero();
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void stopIsIdempotentAndMayComeBeforeStart() {
    ExecCommand command = new ExecCommand(List.of("sleep", "60"), java.util.Map.of(), dataDir, dataDir);
    ProcessSupervisor s = new ProcessSupervisor("cam-1", command, new Readiness.Delay(Duration.ZERO), launcher,
        quickPolicy(5), listener, new Orphans(dataDir), System::currentTimeMillis);
    s.stop();
    s.start();
    s.stop();
    assertThat(s.pid()).isEmpty();
    assertThat(listener.running.get()).isZero();
  }

  static List<Long> descendants(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::descendants).orElse(Stream.empty())
        .map(ProcessHandle::pid).filter(ProcStat::isLive).toList();
  }
}
