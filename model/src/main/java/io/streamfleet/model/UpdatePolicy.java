package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a changed processor spec reaches the streams that use it: a rollout that moves at most
 * {@code maxParallel} streams at a time to the new version, each make-before-break, and counts a
 * stream updated once its new instance has run {@code minHealthyTimeMs} without failing.
 *
 * @param canary the first this many streams update, then the rollout waits for {@code promote}
 *     (0: no canary)
 * @param autoRevert when more than {@code maxFailures} streams fail to update, roll back to the
 *     previous spec by itself (otherwise the rollout pauses for an operator)
 * @param readyDeadlineMs how long a new instance may take to become ready before its move is given up
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdatePolicy(int maxParallel, long minHealthyTimeMs, int canary, boolean autoRevert, int maxFailures, long readyDeadlineMs) {
  public static final UpdatePolicy DEFAULT = new UpdatePolicy(1, 10_000, 0, true, 0, 60_000);

  /** What a client sends: every field optional, defaults from {@link #DEFAULT}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(Integer maxParallel, Long minHealthyTimeMs, Integer canary, Boolean autoRevert, Integer maxFailures,
      Long readyDeadlineMs) {}

  /** The policy {@code r} asks for, or null after adding what is wrong with it to {@code errors}. */
  public static UpdatePolicy parse(Request r, List<FieldError> errors) {
    if (r == null) {
      return DEFAULT;
    }
    int before = errors.size();
    int maxParallel = r.maxParallel() == null ? DEFAULT.maxParallel() : r.maxParallel();
    if (maxParallel < 1 || maxParallel > 10_000) {
      errors.add(new FieldError("update.max_parallel", "is " + maxParallel + "; use 1 to 10000 streams updated at a time"));
    }
    long minHealthy = r.minHealthyTimeMs() == null ? DEFAULT.minHealthyTimeMs() : r.minHealthyTimeMs();
    if (minHealthy < 0 || minHealthy > 3_600_000) {
      errors.add(new FieldError("update.min_healthy_time_ms", "is " + minHealthy + "; use 0 to 3600000 (an hour)"));
    }
    int canary = r.canary() == null ? DEFAULT.canary() : r.canary();
    if (canary < 0 || canary > 10_000) {
      errors.add(new FieldError("update.canary", "is " + canary + "; use 0 (no canary) to 10000 streams"));
    }
    int maxFailures = r.maxFailures() == null ? DEFAULT.maxFailures() : r.maxFailures();
    if (maxFailures < 0) {
      errors.add(new FieldError("update.max_failures", "is " + maxFailures + "; use 0 or more (0: the first failed update reverts or pauses)"));
    }
    long deadline = r.readyDeadlineMs() == null ? DEFAULT.readyDeadlineMs() : r.readyDeadlineMs();
    if (deadline < 1_000 || deadline > 3_600_000) {
      errors.add(new FieldError("update.ready_deadline_ms", "is " + deadline + "; use 1000 to 3600000: how long a new instance may take to become ready"));
    }
    if (errors.size() > before) {
      return null;
    }
    return new UpdatePolicy(maxParallel, minHealthy, canary, r.autoRevert() == null ? DEFAULT.autoRevert() : r.autoRevert(), maxFailures, deadline);
  }
}
