package io.streamfleet.agent.exec;

import io.streamfleet.agent.Eventually;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.agent.hardware.UsageSampler;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecDriverTest {
  @TempDir Path dataDir;
  final RecordingListener listener = new RecordingListener();
  ExecDriver driver;
  ProcessorHandle handle;

  @AfterEach
  void stop() {
    if (handle != null) {
      handle.stop();
    }
    driver.close();
  }

  ExecDriver driver() {
    UsageSampler sampler = UsageSampler.forThisMachine();
    driver = new ExecDriver("node-a", dataDir, sampler::sampleProcessTree, new ProcessLauncher(Duration.ofMillis(500)),
        () -> ProcessSupervisorTest.quickPolicy(5));
    return driver;
  }

  static DesiredInstance instance(Processor.Builder processor) {
    return DesiredInstance.newBuilder().setStreamId("cam-1").setEpoch(7).setUrl("rtsp://cam/1")
        .putParams("zone", "north").setProcessor(processor.setName("det").setDriver("exec")).build();
  }

  @Test
  void anAgentWithoutAllowExecRefusesEveryExecInstanceAndStartsNothing() {
    driver = new ExecDriver("node-a", dataDir, p -> null, new ProcessLauncher(Duration.ofMillis(500)), RestartPolicy::defaults,
        ExclusiveGuard.NONE, io.streamfleet.model.ExecPolicy.DENIED);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> driver.start(instance(Processor.newBuilder().addAllCommand(List.of("sh", "-c", "touch pwned"))), listener))
        .withMessageContaining("--allow-exec");
    org.assertj.core.api.Assertions.assertThat(dataDir.resolve("cam-1")).doesNotExist();
  }

  @Test
  void anAllowlistAdmitsOnlyItsPrograms() {
    driver = new ExecDriver("node-a", dataDir, p -> null, new ProcessLauncher(Duration.ofMillis(500)), RestartPolicy::defaults,
        ExclusiveGuard.NONE, new io.streamfleet.model.ExecPolicy(true, List.of("/usr/bin/ffmpeg")));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> driver.start(instance(Processor.newBuilder().addAllCommand(List.of("sh", "-c", "true"))), listener))
        .withMessageContaining("only the exec programs [/usr/bin/ffmpeg], not sh");
  }

  @Test
  void placeholdersAreExpandedIntoTheCommand() {
    handle = driver().start(instance(Processor.newBuilder()
        .addAllCommand(List.of("sh", "-c", "echo {stream.id} {epoch} {param.zone} {node.id}; sleep 60"))
        .setReadinessKind("stdout").setReadinessPattern("^cam-1 7 north node-a$")), listener);
    Eventually.await(Duration.ofSeconds(10), "running", () -> listener.running.get() == 1);
  }

  @Test
  void usageCombinesStdoutMetricsWithTheProcessTree() {
    handle = driver().start(instance(Processor.newBuilder()
        .addAllCommand(ProcessSupervisorTest.fake("--fps", "9.5"))), listener);
    Eventually.await(Duration.ofSeconds(15), "fps reported", () -> handle.usage().fps() == 9.5);
    InstanceUsage usage = handle.usage();
    assertThat(usage.latencyMsP50()).isEqualTo(12.5);
    assertThat(usage.framesDropped()).isEqualTo(2);
    assertThat(usage.rssBytes()).isPositive();
    assertThat(usage.lastFrameMsAgo()).isBetween(0L, 5_000L);
  }

  @Test
  void reapOrphansStopsWhatAPreviousAgentLeftRunning() throws Exception {
    ExecDriver previous = driver();
    handle = previous.start(instance(Processor.newBuilder().addAllCommand(List.of("sleep", "60"))), listener);
    Eventually.await(Duration.ofSeconds(5), "pid recorded", () -> dataDir.resolve(".pids/cam-1").toFile().exists());
    long pid = Long.parseLong(java.nio.file.Files.readString(dataDir.resolve(".pids/cam-1")).split(" ")[0]);

    ExecDriver next = new ExecDriver("node-a", dataDir, p -> null, new ProcessLauncher(Duration.ofMillis(500)), RestartPolicy::defaults);
    assertThat(next.reapOrphans()).containsExactly("cam-1");
    next.close();
    Eventually.await(Duration.ofSeconds(5), "orphan gone", () -> !ProcStat.isLive(pid));
  }

  static DesiredInstance job(Processor.Builder processor) {
    return DesiredInstance.newBuilder().setStreamId("job:j1").setEpoch(2).setExclusive(true)
        .setProcessor(processor.setName("transcode").setDriver("exec"))
        .setJob(io.streamfleet.protocol.v1.JobRun.newBuilder().setJobId("j1").setTimeoutMs(60_000)).build();
  }

  @Test
  void aJobAttemptRunsOnceRunningAtItsStartWhateverTheReadinessRuleAndIsNeverRestarted() throws Exception {
    handle = driver().start(job(Processor.newBuilder().addAllCommand(List.of("sh", "-c", "echo run >> {data.dir}/runs; exit 1"))
        .setReadinessKind("stdout").setReadinessPattern("never printed")), listener);

    assertThat(((JobRunner) handle).awaitFinished(Duration.ofSeconds(15))).isTrue();
    assertThat(listener.outcomes).singleElement().satisfies(o -> assertThat(o.getReason()).isEqualTo("exit code 1"));
    assertThat(java.nio.file.Files.readAllLines(dataDir.resolve("job:j1/runs"))).containsExactly("run");
    assertThat(listener.running.get()).isEqualTo(1);
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void theExecPolicyAppliesToJobsToo() {
    driver = new ExecDriver("node-a", dataDir, p -> null, new ProcessLauncher(Duration.ofMillis(500)), RestartPolicy::defaults,
        ExclusiveGuard.NONE, new io.streamfleet.model.ExecPolicy(true, List.of("ffmpeg")));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> driver.start(job(Processor.newBuilder().addAllCommand(List.of("sh", "-c", "true"))), listener))
        .withMessageContaining("only the exec programs [ffmpeg], not sh");
  }

  @Test
  void anExclusiveJobsProcessGroupIsGuardedAndKilledAtLeaseExpiryWithoutAnOutcome() throws Exception {
    RecordingGuard guard = new RecordingGuard();
    UsageSampler sampler = UsageSampler.forThisMachine();
    driver = new ExecDriver("node-a", dataDir, sampler::sampleProcessTree, new ProcessLauncher(Duration.ofMillis(500)),
        RestartPolicy::defaults, guard, io.streamfleet.model.ExecPolicy.ANY);
    handle = driver.start(job(Processor.newBuilder().addAllCommand(List.of("sleep", "60"))), listener);
    Eventually.await(Duration.ofSeconds(10), "the group guarded", () -> !guard.guarded.isEmpty());
    long pgid = guard.guarded.getFirst();

    handle.kill();

    assertThat(((JobRunner) handle).awaitFinished(Duration.ofSeconds(15))).isTrue();
    assertThat(ProcStat.liveMembersOf(pgid)).isEmpty();
    assertThat(guard.unguarded).containsExactly(pgid);
    assertThat(listener.outcomes).isEmpty();
  }

  @Test
  void anUnknownReadinessKindIsRejected() {
    assertThatThrownBy(() -> driver().start(instance(Processor.newBuilder().addCommand("true").setReadinessKind("banner")), listener))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readiness_kind 'banner' is unknown");
  }
}
