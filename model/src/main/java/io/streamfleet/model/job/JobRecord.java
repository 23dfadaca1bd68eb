package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * A job as the replicated state holds it.
 *
 * @param seq the submission order: FIFO within a priority
 * @param epoch the current attempt's instance number; grows with every dispatch, so a node's
 *     report about an older attempt is recognised as stale
 * @param attempts attempts that count against the retry policy
 * @param preemptions attempts stopped to make room for live streams (not counted)
 * @param node where the current attempt is leased or runs, or null
 * @param notBeforeMs a queued job waits until then (retry backoff), 0 for no wait
 * @param reason why it waits, failed or was canceled
 * @param result the newest attempt's result
 * @param history the newest attempts, oldest first (at most {@link #HISTORY_LIMIT})
 * @param fence a previous attempt that was told to stop and is not yet known dead: the job is
 *     dispatched again only once its node confirms the stop or the node's lease has run out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRecord(
    JobSpec spec,
    JobState state,
    long seq,
    long epoch,
    int attempts,
    int preemptions,
    String node,
    long submittedMs,
    long dispatchedMs,
    long startedMs,
    long finishedMs,
    long notBeforeMs,
    String reason,
    JobResult result,
    List<JobAttempt> history,
    Fence fence,
    String submittedBy) {
  public static final int HISTORY_LIMIT = 10;

  public JobRecord {
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** An attempt not yet known dead: on {@code node} at {@code epoch}, told to stop at log index {@code sinceIndex}. */
  public record Fence(String node, long epoch, long sinceIndex) {}

  public static JobRecord queued(JobSpec spec, long seq, long atMs, String submittedBy, String reason) {
    return new JobRecord(spec, JobState.QUEUED, seq, 0, 0, 0, null, atMs, 0, 0, 0, 0, reason, null, List.of(), null, submittedBy);
  }

  @JsonIgnore
  public String id() {
    return spec.id();
  }

  public Builder with() {
    return new Builder(this);
  }

  /** Changes a copy field by field (records have no withers). */
  public static final class Builder {
    private JobSpec spec;
    private JobState state;
    private long seq;
    private long epoch;
    private int attempts;
    private int preemptions;
    private String node;
    private long submittedMs;
    private long dispatchedMs;
    private long startedMs;
    private long finishedMs;
    private long notBeforeMs;
    private String reason;
    private JobResult result;
    private List<JobAttempt> history;
    private Fence fence;
    private String submittedBy;

    private Builder(JobRecord r) {
      spec = r.spec;
      state = r.state;
      seq = r.seq;
      epoch = r.epoch;
      attempts = r.attempts;
      preemptions = r.preemptions;
      node = r.node;
      submittedMs = r.submittedMs;
      dispatchedMs = r.dispatchedMs;
      startedMs = r.startedMs;
      finishedMs = r.finishedMs;
      notBeforeMs = r.notBeforeMs;
      reason = r.reason;
      result = r.result;
      history = r.history;
      fence = r.fence;
      submittedBy = r.submittedBy;
    }

    public Builder state(JobState v) {
      state = v;
      return this;
    }

    public Builder seq(long v) {
      seq = v;
      return this;
    }

    public Builder epoch(long v) {
      epoch = v;
      return this;
    }

    public Builder attempts(int v) {
      attempts = v;
      return this;
    }

    public Builder preemptions(int v) {
      preemptions = v;
      return this;
    }

    public Builder node(String v) {
      node = v;
      return this;
    }

    public Builder dispatchedMs(long v) {
      dispatchedMs = v;
      return this;
    }

    public Builder startedMs(long v) {
      startedMs = v;
      return this;
    }

    public Builder finishedMs(long v) {
      finishedMs = v;
      return this;
    }

    public Builder notBeforeMs(long v) {
      notBeforeMs = v;
      return this;
    }

    public Builder reason(String v) {
      reason = v;
      return this;
    }

    public Builder result(JobResult v) {
      result = v;
      return this;
    }

    public Builder fence(Fence v) {
      fence = v;
      return this;
    }

    /** Appends {@code a} to the history, dropping the oldest beyond the limit. */
    public Builder attempt(JobAttempt a) {
      List<JobAttempt> h = new ArrayList<>(history);
      h.add(a);
      history = h.size() > HISTORY_LIMIT ? h.subList(h.size() - HISTORY_LIMIT, h.size()) : h;
      return this;
    }

    public JobRecord build() {
      return new JobRecord(spec, state, seq, epoch, attempts, preemptions, node, submittedMs, dispatchedMs, startedMs, finishedMs,
          notBeforeMs, reason, result, history, fence, submittedBy);
    }
  }
}
