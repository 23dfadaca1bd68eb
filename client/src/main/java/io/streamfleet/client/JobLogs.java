package io.streamfleet.client;

import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobResult;
import java.util.List;

/**
 * What {@code GET /api/v1/jobs/{id}/logs} shows of a job's runs.
 *
 * @param stderrTail the last lines the newest attempt wrote to stderr, or null when none were captured
 * @param history the newest attempts, oldest first
 * @param result the newest attempt's result, or null before one finished
 */
public record JobLogs(String job, String stderrTail, List<JobAttempt> history, JobResult result) {
  public JobLogs {
    history = history == null ? List.of() : List.copyOf(history);
  }
}
