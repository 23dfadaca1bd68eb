package io.streamfleet.server.agents;

import io.streamfleet.model.Redaction;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.ProcessorStatus;

/**
 * Agent messages about job attempts as items of {@code job.report}. A job attempt is an instance
 * {@code job:ID} among the node's processors: its status reports say when it started and when the
 * node stopped it; its {@link JobOutcome} says how it ended by itself.
 */
public final class JobReports {
  private JobReports() {}

  /** The report as a job item, or null when it is about a stream or a state jobs do not track. */
  public static ReportJobs.Item toItem(ProcessorStatus s) {
    String jobId = JobIds.jobOf(s.getStreamId());
    if (jobId == null) {
      return null;
    }
    String reason = s.getReason().isEmpty() ? null : Redaction.text(s.getReason());
    return switch (s.getState()) {
      case RUNNING -> new ReportJobs.Item(jobId, s.getEpoch(), ReportJobs.RUNNING, null, null);
      case STOPPED -> new ReportJobs.Item(jobId, s.getEpoch(), ReportJobs.STOPPED, reason, null);
      // The attempt could not start at all (no driver, exec refused, no program): it ended.
      case FAILED -> new ReportJobs.Item(jobId, s.getEpoch(), ReportJobs.EXITED, reason, JobResult.notRun(reason));
      default -> null;
    };
  }

  public static ReportJobs.Item toItem(JobOutcome o) {
    String reason = o.getReason().isEmpty() ? null : Redaction.text(o.getReason());
    JobResult result = new JobResult(o.getExitCode() < 0 ? null : o.getExitCode(), o.getSucceeded(), o.getTimedOut(), reason,
        o.getStartedAtMs(), o.getWallMs(), o.getCpuPercentAvg(), o.getCpuPercentMax(), o.getPeakRssBytes(), o.getFps(), o.getSpeed(),
        o.getFrames(), o.getStderrTail().isEmpty() ? null : Redaction.text(o.getStderrTail()),
        o.getOutputPath().isEmpty() ? null : o.getOutputPath(), o.getOutputBytes());
    return new ReportJobs.Item(o.getJobId(), o.getEpoch(), ReportJobs.EXITED, reason, result);
  }
}
