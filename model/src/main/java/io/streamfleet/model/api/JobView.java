package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.job.JobAnalyzer;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import java.util.List;

/**
 * A job as the API shows it ({@code GET /api/v1/jobs/{id}}).
 *
 * @param node where the current attempt runs, or where the last one ran
 * @param fenced a previous attempt is not yet known dead; the job waits for its node's word or lease
 * @param analyzer a verdict on an FFmpeg job's result ("real-time capable at 2.30x ...")
 * @param recommendation the FFmpeg farm seed's verdict: optimal, marginal, insufficient or unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String id,
    String state,
    JobSpec spec,
    String node,
    long epoch,
    int attempts,
    int maxAttempts,
    int preemptions,
    long submittedMs,
    Long dispatchedMs,
    Long startedMs,
    Long finishedMs,
    Long notBeforeMs,
    String reason,
    boolean fenced,
    JobResult result,
    String analyzer,
    String recommendation,
    List<JobAttempt> history,
    String submittedBy) {

  public static JobView of(JobRecord j) {
    JobResult r = j.result();
    String node = j.node() != null ? j.node() : j.history().isEmpty() ? null : j.history().getLast().node();
    return new JobView(j.id(), j.state().wireName(), j.spec(), node, j.epoch(), j.attempts(), j.spec().retry().maxAttempts(),
        j.preemptions(), j.submittedMs(), orNull(j.dispatchedMs()), orNull(j.startedMs()), orNull(j.finishedMs()),
        orNull(j.notBeforeMs()), j.reason(), j.fence() != null, r, JobAnalyzer.summary(j.spec(), r),
        j.spec().runsScenario() && r != null && r.succeeded() ? JobAnalyzer.recommendation(r) : null, j.history(), j.submittedBy());
  }

  /** The same view with {@code newReason} (the API explains a queued job's wait when it is read). */
  public JobView withReason(String newReason) {
    return new JobView(id, state, spec, node, epoch, attempts, maxAttempts, preemptions, submittedMs, dispatchedMs, startedMs,
        finishedMs, notBeforeMs, newReason, fenced, result, analyzer, recommendation, history, submittedBy);
  }

  private static Long orNull(long v) {
    return v == 0 ? null : v;
  }
}
