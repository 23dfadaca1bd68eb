package io.streamfleet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.JobRun;
import io.streamfleet.protocol.v1.Processor;
import io.streamfleet.protocol.v1.ProcessorStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batch job attempts in the reconciler: run once per epoch, end with one outcome, resent until the leader moves on. */
class ReconcilerJobTest {
  private final List<String> log = new ArrayList<>();
  private final List<String> statuses = new ArrayList<>();
  private final List<String> outcomes = new ArrayList<>();
  private final Map<String, InstanceListener> listeners = new HashMap<>();

  private final ProcessorDriver fakeExec = (d, l) -> {
    String key = d.getStreamId() + "@" + d.getEpoch();
    if (d.getProcessor().getCommand(0).equals("refused")) {
      throw new IllegalArgumentException("this agent runs only the exec programs [ffmpeg], not refused");
    }
    log.add("start " + key);
    listeners.put(key, l);
    return new ProcessorHandle() {
      @Override
      public void stop() {
        log.add("stop " + key);
      }

      @Override
      public void kill() {
        log.add("kill " + key);
      }

      @Override
      public InstanceUsage usage() {
        return InstanceUsage.NONE;
      }
    };
  };

  private final Reconciler reconciler = new Reconciler(Map.of("exec", fakeExec), new Reconciler.StatusSink() {
    @Override
    public void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts) {
      statuses.add(streamId + "@" + epoch + " " + state + (reason == null ? "" : " " + reason));
    }

    @Override
    public void event(String streamId, long epoch, String kind, String payloadJson) {}

    @Override
    public void jobOutcome(JobOutcome o) {
      outcomes.add(o.getJobId() + "@" + o.getEpoch() + (o.getSucceeded() ? " succeeded" : " failed: " + o.getReason()));
    }
  });

  @BeforeEach
  void leaseHolds() {
    reconciler.leaseChanged(true); // attempts are exclusive
  }

  @Test
  void anAttemptStartsOnceAndIsRunningAsSoonAsItsDriverSaysSo() {
    reconciler.reconcile(List.of(attempt("j1", 1)));
    reconciler.reconcile(List.of(attempt("j1", 1)));
    listeners.get("job:j1@1").running();

    assertThat(log).containsExactly("start job:j1@1");
    assertThat(statuses).containsExactly("job:j1@1 STARTING", "job:j1@1 RUNNING");
    assertThat(reconciler.usage()).singleElement().satisfies(u -> assertThat(u.getStreamId()).isEqualTo("job:j1"));
  }

  @Test
  void aFinishedAttemptIsReportedOnceLeavesTheHeartbeatAndNeverStartsAgainAtItsEpoch() {
    reconciler.reconcile(List.of(attempt("j1", 1)));
    listeners.get("job:j1@1").running();

    listeners.get("job:j1@1").finished(outcome("j1", 1, 0));

    assertThat(outcomes).containsExactly("j1@1 succeeded");
    assertThat(reconciler.runningCount()).isZero();
    assertThat(reconciler.usage()).as("its process is gone").isEmpty();
    reconciler.reconcile(List.of(attempt("j1", 1))); // the leader has not processed the outcome yet
    assertThat(log).as("never run twice at one epoch").containsExactly("start job:j1@1");
    assertThat(statuses).as("neither stopped nor failed: it finished").noneMatch(s -> s.contains("STOPPED") || s.contains("FAILED"));
  }

  @Test
  void theOutcomeIsResentAfterEveryRegistrationUntilTheDesiredSetDropsTheAttempt() {
    reconciler.reconcile(List.of(attempt("j1", 1)));
    listeners.get("job:j1@1").finished(outcome("j1", 1, 3));
    outcomes.clear();

    reconciler.resendStatuses();
    reconciler.reconcile(List.of(attempt("j1", 1)));
    reconciler.resendStatuses();
    assertThat(outcomes).containsExactly("j1@1 failed: exit code 3", "j1@1 failed: exit code 3");

    reconciler.reconcile(List.of());
    outcomes.clear();
    reconciler.resendStatuses();
    assertThat(outcomes).as("the leader has moved on").isEmpty();
    assertThat(statuses).as("a finished attempt is not resent as an instance").containsExactly("job:j1@1 STARTING");
  }

  @Test
  void theNextAttemptOfAJobStartsAtItsNewEpoch() {
    reconciler.reconcile(List.of(attempt("j1", 1)));
    listeners.get("job:j1@1").finished(outcome("j1", 1, 1));

    reconciler.reconcile(List.of(attempt("j1", 2)));

    assertThat(log).containsExactly("start job:j1@1", "start job:j1@2");
    outcomes.clear();
    reconciler.resendStatuses();
    assertThat(outcomes).as("attempt 1 is no longer desired: the leader has its outcome").isEmpty();
  }

  @Test
  void anAttemptTheDesiredSetDropsIsStoppedAndReportedStoppedWithoutAnOutcome() {
    reconciler.reconcile(List.of(attempt("j1", 1)));
    listeners.get("job:j1@1").running();

    reconciler.reconcile(List.of());
    listeners.get("job:j1@1").finished(outcome("j1", 1, 143)); // the stopped process's exit, had the driver reported it

    assertThat(log).containsExactly("start job:j1@1", "stop job:j1@1");
    assertThat(statuses).endsWith("job:j1@1 STOPPED no longer assigned here");
    assertThat(outcomes).isEmpty();
    reconciler.resendStatuses();
    assertThat(outcomes).isEmpty();
  }

  @Test
  void anAttemptIsKilledWhenTheLeaseRunsOutAndReportedStoppedWithoutAnOutcome() {
    reconciler.reconcile(List.of(attempt("j1", 1)));

    reconciler.leaseChanged(false);

    assertThat(log).containsExactly("start job:j1@1", "kill job:j1@1", "stop job:j1@1");
    assertThat(statuses.getLast()).startsWith("job:j1@1 STOPPED lease expired");
    assertThat(outcomes).isEmpty();
    reconciler.leaseChanged(true);
    reconciler.reconcile(List.of(attempt("j1", 1)));
    assertThat(log).as("a stopped attempt never starts again at its epoch").hasSize(3);
  }

  @Test
  void anAttemptThatCannotStartEndsWithAnOutcomeAndIsNotRetriedAtItsEpoch() {
    DesiredInstance refused = attempt("j2", 1).toBuilder()
        .setProcessor(attempt("j2", 1).getProcessor().toBuilder().setCommand(0, "refused")).build();

    reconciler.reconcile(List.of(refused));
    reconciler.reconcile(List.of(refused));

    assertThat(outcomes).containsExactly("j2@1 failed: this agent runs only the exec programs [ffmpeg], not refused");
    assertThat(statuses).containsExactly("job:j2@1 STARTING");
    assertThat(reconciler.runningCount()).isZero();
  }

  @Test
  void aNewSpecAtTheSameEpochDoesNotRunTheAttemptAgain() {
    reconciler.reconcile(List.of(attempt("j1", 1)));
    DesiredInstance changed = attempt("j1", 1).toBuilder()
        .setProcessor(attempt("j1", 1).getProcessor().toBuilder().setVersion(2)).build();

    reconciler.reconcile(List.of(changed));

    assertThat(log).containsExactly("start job:j1@1");
  }

  private static DesiredInstance attempt(String job, long epoch) {
    return DesiredInstance.newBuilder().setStreamId("job:" + job).setEpoch(epoch).setExclusive(true)
        .setProcessor(Processor.newBuilder().setName("transcode").setDriver("exec").addCommand("ffmpeg"))
        .setJob(JobRun.newBuilder().setJobId(job).setTimeoutMs(60_000)).build();
  }

  private static JobOutcome outcome(String job, long epoch, int exitCode) {
    return JobOutcome.newBuilder().setJobId(job).setEpoch(epoch).setSucceeded(exitCode == 0).setExitCode(exitCode)
        .setReason(exitCode == 0 ? "" : "exit code " + exitCode).build();
  }
}
