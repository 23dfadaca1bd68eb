package io.streamfleet.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Handover;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.MoveStreams;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.state.StateStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durations the event log records land in their histograms once: a make-before-break move's, a job attempt's. */
class LoggedDurationsTest {
  private final StateStore store = new StateStore();
  private long index = 1;

  @Test
  void aHandOverIsTimedFromTheMovesStartAndCountedOnce() {
    at(1_000, new RegisterNode(meta(1_000), "n1", 1, null, null, "desktop", Resources.of(4_000, 4_096)));
    at(1_000, new RegisterNode(meta(1_000), "n2", 1, null, null, "desktop", Resources.of(4_000, 4_096)));
    at(1_000, new CreateStream(meta(1_000), new StreamSpec("cam-1", "synthetic://cam-1", "motion", null, Resources.of(500, 128), null, 50,
        HandoverPolicy.OVERLAP, null, null)));
    at(1_000, new PlaceStreams(meta(1_000), List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()));
    at(1_100, new ReportStatus(meta(1_100), "cam-1", "n1", 1, AssignmentState.RUNNING, null, 0));
    try (ServerMetrics metrics = new ServerMetrics(store)) {
      metrics.bindCluster(store, new NodeLiveness(), new NoRaft());
      at(2_000, new MoveStreams(meta(2_000), List.of(new MoveStreams.Move("cam-1", 1, "n2", 0, Handover.DRAIN, 62_000))));
      at(2_800, new ReportStatus(meta(2_800), "cam-1", "n2", 2, AssignmentState.RUNNING, null, 0));

      String scrape = metrics.scrape();
      assertThat(scrape).contains("streamfleet_move_seconds_count{purpose=\"drain\"} 1")
          .contains("streamfleet_move_seconds_sum{purpose=\"drain\"} 0.8")
          .contains("streamfleet_move_seconds_bucket{purpose=\"drain\",le=\"1.0\"} 1");
      assertThat(metrics.scrape()).as("scraped again: the same move is not counted twice")
          .contains("streamfleet_move_seconds_count{purpose=\"drain\"} 1");
    }
  }

  @Test
  void aJobAttemptsWallTimeIsCountedByOutcome() {
    at(1_000, new RegisterNode(meta(1_000), "n1", 1, null, null, "desktop", Resources.of(4_000, 4_096), null,
        io.streamfleet.model.ExecPolicy.ANY)); // FFmpeg jobs run through the exec driver
    try (ServerMetrics metrics = new ServerMetrics(store)) {
      metrics.bindCluster(store, new NodeLiveness(), new NoRaft());
      io.streamfleet.model.job.JobSpec parsed = io.streamfleet.model.job.JobSpecParser.parse(
          io.streamfleet.model.job.JobRequest.ofScenario("480p30-h264"), store.read(s -> (java.util.function.Function<String,
              io.streamfleet.model.job.Scenario>) s::scenario), store.read(s -> (java.util.function.Function<String,
              io.streamfleet.model.ProcessorSpec>) s::processor));
      io.streamfleet.model.job.JobSpec job = new io.streamfleet.model.job.JobSpec("encode", parsed.kind(), parsed.scenario(), parsed.ffmpeg(),
          null, null, null, null, 50, Resources.of(250, 128), null, null, 60_000, new io.streamfleet.model.job.RetryPolicy(1, 1_000, 1_000),
          null, null);
      at(2_000, new io.streamfleet.model.command.SubmitJobs(meta(2_000), List.of(job)));
      at(2_000, new io.streamfleet.model.command.DispatchJobs(meta(2_000), List.of(new io.streamfleet.model.command.DispatchJobs.Dispatch(
          "encode", store.read(s -> s.job("encode").epoch()), "n1"))));
      long epoch = store.read(s -> s.job("encode").epoch());
      at(2_100, new io.streamfleet.model.command.ReportJobs(meta(2_100), "n1", List.of(new io.streamfleet.model.command.ReportJobs.Item(
          "encode", epoch, io.streamfleet.model.command.ReportJobs.RUNNING, null, null))));
      at(9_000, new io.streamfleet.model.command.ReportJobs(meta(9_000), "n1", List.of(new io.streamfleet.model.command.ReportJobs.Item(
          "encode", epoch, io.streamfleet.model.command.ReportJobs.EXITED, null,
          new io.streamfleet.model.job.JobResult(0, true, false, null, 2_000, 7_000, 90, 120, 1 << 20, 60, 2.3, 300, null, null, 0)))));

      assertThat(metrics.scrape()).contains("streamfleet_job_attempt_seconds_count{outcome=\"succeeded\"} 1")
          .contains("streamfleet_job_attempt_seconds_sum{outcome=\"succeeded\"} 7.0")
          .contains("streamfleet_job_attempt_seconds_count{outcome=\"failed\"} 0");
    }
  }

  private void at(long ms, io.streamfleet.model.command.Command c) {
    assertThat(store.apply(c, index++).isOk()).as(c.toString()).isTrue();
  }

  private static CommandMeta meta(long atMs) {
    return new CommandMeta(atMs, "test", "test");
  }

  private static final class NoRaft implements RaftStatus {
    public boolean isLeader() {
      return true;
    }

    public boolean hasLeader() {
      return true;
    }

    public long term() {
      return 1;
    }

    public long commitIndex() {
      return 0;
    }

    public long appliedIndex() {
      return 0;
    }

    public int servers() {
      return 1;
    }
  }
}
