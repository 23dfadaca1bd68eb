package io.streamfleet.cli;

import io.streamfleet.model.Resources;
import io.streamfleet.model.api.JobView;
import io.streamfleet.model.job.FfmpegSettings;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.RetryPolicy;
import java.util.List;
import java.util.TreeMap;

/** Test data: {@code aJob("j1").state("running").on("node-1").build()}. */
final class JobViewBuilder {
  static final FfmpegSettings FFMPEG_1080P30 =
      new FfmpegSettings("lavfi:testsrc2", 5, "libx264", 1920, 1080, 30.0, "5M", "veryfast", "discard");

  private final String id;
  private String state = "queued";
  private String node;
  private int attempts;
  private long submittedMs = 1_000_000;
  private String reason;
  private JobResult result;
  private String analyzer;
  private List<JobAttempt> history = List.of();
  private JobSpec spec;

  private JobViewBuilder(String id) {
    this.id = id;
    this.spec = new JobSpec(id, JobSpec.SCENARIO, "1080p30-h264", FFMPEG_1080P30, null, null, new TreeMap<>(), null, 50,
        Resources.of(2000, 1024), null, new TreeMap<>(), 3_600_000, RetryPolicy.DEFAULT, null, null);
  }

  static JobViewBuilder aJob(String id) {
    return new JobViewBuilder(id);
  }

  JobViewBuilder state(String v) {
    state = v;
    return this;
  }

  JobViewBuilder on(String v) {
    node = v;
    return this;
  }

  JobViewBuilder attempts(int v) {
    attempts = v;
    return this;
  }

  JobViewBuilder submittedMs(long v) {
    submittedMs = v;
    return this;
  }

  JobViewBuilder reason(String v) {
    reason = v;
    return this;
  }

  JobViewBuilder analyzer(String v) {
    analyzer = v;
    return this;
  }

  JobViewBuilder result(JobResult v) {
    result = v;
    return this;
  }

  JobViewBuilder history(JobAttempt... v) {
    history = List.of(v);
    return this;
  }

  JobViewBuilder processor(String name, String input) {
    spec = new JobSpec(id, JobSpec.PROCESSOR, null, null, name, input, new TreeMap<>(), null, 70, Resources.of(500, 256), "north",
        new TreeMap<>(), 60_000, new RetryPolicy(1, 1000, 1000), "k-1", null);
    return this;
  }

  static JobResult succeeded(long wallMs, double speed) {
    return new JobResult(0, true, false, null, 2_000_000, wallMs, 180.5, 250, 300L * 1024 * 1024, 75, speed, 150, "", null, 0);
  }

  static JobResult failed(String reason, String stderr) {
    return new JobResult(1, false, false, reason, 2_000_000, 1200, 90, 100, 50L * 1024 * 1024, 0, 0, 0, stderr, null, 0);
  }

  JobView build() {
    return new JobView(id, state, spec, node, attempts, attempts, spec.retry().maxAttempts(), 0, submittedMs, null, null, null, null, reason,
        false, result, analyzer, null, history, "alice");
  }
}
