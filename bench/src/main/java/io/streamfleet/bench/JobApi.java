package io.streamfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobState;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The job endpoints of one {@code --insecure} server that the job benchmark uses, and its commit metrics. */
final class JobApi {
  /** Small enough that many fit on a fake agent (16,000 cpu_millis, 64 GiB). */
  static final StreamRequest.ResourceRequest SMALL = new StreamRequest.ResourceRequest(100, 64, null, null);
  static final String SCENARIO = "480p30-h264";
  private final HttpJson http;

  JobApi(URI base) {
    this.http = new HttpJson(base);
  }

  HttpJson http() {
    return http;
  }

  /** A scenario job of {@link #SMALL} resources; {@code id} null lets the server name it. */
  static JobRequest job(String id) {
    return new JobRequest(id, SCENARIO, null, null, null, null, null, null, null, null, null, null, null, null, SMALL, null, null,
        null, null, null, null);
  }

  /** Submits a batch in one {@code POST /api/v1/jobs}; returns once it is committed (201). The answer is not parsed. */
  void submit(List<JobRequest> jobs) {
    http.post("/api/v1/jobs", Map.of("jobs", jobs), 201, false);
  }

  /** How many jobs are in {@code state} ({@code total} of a one-job page). */
  long count(JobState state) {
    return http.get("/api/v1/jobs?state=" + state.wireName() + "&limit=1").path("total").asLong(-1);
  }

  /** Jobs in {@code state}, newest first. */
  JsonNode list(JobState state, int limit) {
    return http.get("/api/v1/jobs?state=" + state.wireName() + "&limit=" + limit).path("jobs");
  }

  long readyNodes() {
    long ready = 0;
    for (JsonNode n : http.get("/api/v1/nodes")) {
      ready += "ready".equals(n.path("state").asText()) ? 1 : 0;
    }
    return ready;
  }

  long appliedIndex() {
    return http.get("/api/v1/cluster").path("applied_index").asLong();
  }

  /** The Raft commit timer of {@code /metrics}: count, sum, and the (decaying window) p50 and p99. */
  record Commits(long count, double sumSeconds, double p50Seconds, double p99Seconds) {
    private static final Pattern LINE = Pattern.compile(
        "(?m)^streamfleet_raft_commit_latency_seconds(_count|_sum)?(?:\\{[^}]*quantile=\"([0-9.]+)\"[^}]*})?\\s+(\\S+)$");

    static Commits parse(String metrics) {
      long count = 0;
      double sum = 0;
      double p50 = Double.NaN;
      double p99 = Double.NaN;
      Matcher m = LINE.matcher(metrics);
      while (m.find()) {
        double v = Double.parseDouble(m.group(3));
        if ("_count".equals(m.group(1))) {
          count = (long) v;
        } else if ("_sum".equals(m.group(1))) {
          sum = v;
        } else if ("0.5".equals(m.group(2))) {
          p50 = v;
        } else if ("0.99".equals(m.group(2))) {
          p99 = v;
        }
      }
      return new Commits(count, sum, p50, p99);
    }

    /** The commits since {@code before}: how many, and their mean time from proposal to apply. */
    String since(Commits before, double seconds) {
      long n = count - before.count;
      return String.format("%d commits in %.2f s (%.0f/s), mean %.2f ms proposal->apply; server's decaying-window p50 %.2f ms, p99 %.2f ms",
          n, seconds, n / seconds, n == 0 ? 0 : (sumSeconds - before.sumSeconds) / n * 1e3, p50Seconds * 1e3, p99Seconds * 1e3);
    }
  }

  Commits commits() {
    return Commits.parse(http.getText("/metrics"));
  }
}
