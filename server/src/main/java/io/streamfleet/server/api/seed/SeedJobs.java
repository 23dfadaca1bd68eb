package io.streamfleet.server.api.seed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.job.FfmpegCommand;
import io.streamfleet.model.job.FfmpegSettings;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobState;
import io.streamfleet.server.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The seed's jobs: its {@code POST /jobs} body as a {@link JobRequest}, and a job as the seed
 * shows it, with what a worker needs to run it ({@code command}, {@code ffmpeg_args}, {@code
 * timeout_s}, {@code settings}) as extra fields its agents ignore.
 */
public final class SeedJobs {
  /** The seed's priority words, as Streamfleet's 0..100. */
  static final int HIGH = 75;
  static final int MEDIUM = 50;
  static final int LOW = 25;
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,15}\\.[0-9]{1,15}");
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");

  private SeedJobs() {}

  /**
   * A job as the seed shows it. {@code status} is the seed's word; {@code state} Streamfleet's.
   * {@code priority} is the seed's word (high, medium, low): newer agents decode it as a string.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SeedJob(String id, String scenario, String confidence, String engine, Map<String, Object> parameters, String status,
      String state, String priority, String nodeId, String createdAt, String startedAt, String completedAt, int retryCount,
      int maxRetries, String error, String logs, String command, List<String> ffmpegArgs, Double timeoutS, FfmpegSettings settings,
      String jobId) {
    /** The same job with {@code job_id} too: newer masters answer cancel and retry with it. */
    public SeedJob withJobId() {
      return new SeedJob(id, scenario, confidence, engine, parameters, status, state, priority, nodeId, createdAt, startedAt,
          completedAt, retryCount, maxRetries, error, logs, command, ffmpegArgs, timeoutS, settings, id);
    }
  }

  /** {@code GET /jobs}: the seed's list shape. */
  public record JobList(List<SeedJob> jobs, int count) {}

  /**
   * The seed's body ({@code scenario}, {@code confidence}, {@code parameters}, a priority word or
   * number) as a job request; Streamfleet's own job fields are accepted too, anything else is ignored.
   */
  public static JobRequest request(byte[] body) {
    JsonNode tree = SeedBodies.read(body, JsonNode.class);
    if (!tree.isObject()) {
      throw new ApiException(400, "invalid_body", "the body is not a JSON object; send {\"scenario\": \"1080p30-h264\", \"parameters\": {...}}");
    }
    ObjectNode object = (ObjectNode) tree;
    JsonNode priority = object.get("priority");
    if (priority != null && priority.isTextual()) {
      object.put("priority", priority(priority.asText()));
    }
    return SeedBodies.convert(object, JobRequest.class);
  }

  private static int priority(String word) {
    String w = word.trim().toLowerCase(Locale.ROOT);
    switch (w) {
      case "high", "live" -> {
        return HIGH;
      }
      case "medium", "normal", "default", "" -> {
        return MEDIUM;
      }
      case "low", "batch" -> {
        return LOW;
      }
      default -> {
        if (INTEGER.matcher(w).matches() && w.length() <= 4) {
          return Integer.parseInt(w); // the parser checks the range
        }
        throw new ApiException(400, "invalid", "priority: '" + word + "' is not a priority; use high, medium or low, or a number from"
            + " 0 (lowest) to 100 (highest)");
      }
    }
  }

  static String priorityWord(int priority) {
    return priority >= (HIGH + MEDIUM) / 2 ? "high" : priority <= (LOW + MEDIUM) / 2 ? "low" : "medium";
  }

  /** The seed's status words: pending, assigned, running, completed, failed, canceled. */
  public static String status(JobState state) {
    return switch (state) {
      case QUEUED -> "pending";
      case DISPATCHED -> "assigned";
      case RUNNING -> "running";
      case SUCCEEDED -> "completed";
      case FAILED -> "failed";
      case CANCELED -> "canceled";
    };
  }

  public static SeedJob view(JobRecord j) {
    JobSpec spec = j.spec();
    JobResult r = j.result();
    boolean lastFailed = r != null && !r.succeeded();
    String error = j.state() == JobState.FAILED || j.state() == JobState.CANCELED || (j.state() == JobState.QUEUED && lastFailed)
        ? j.reason() : null;
    long started = j.startedMs() > 0 ? j.startedMs() : j.state().active() ? j.dispatchedMs() : 0;
    // The seed counts re-queues: a job waiting for attempt n+1 has been retried n times.
    int retries = j.state() == JobState.QUEUED ? j.attempts() : Math.max(0, j.attempts() - 1);
    List<String> argv = spec.runsScenario() && spec.ffmpeg() != null ? workerArgv(spec.ffmpeg()) : null;
    return new SeedJob(j.id(), spec.scenario(), spec.confidence(), spec.runsScenario() ? FfmpegCommand.PROGRAM : null,
        parameters(spec.params()), status(j.state()), j.state().wireName(), priorityWord(spec.priority()), nodeOf(j),
        SeedNodes.time(j.submittedMs()), SeedNodes.time(started), SeedNodes.time(j.finishedMs()), retries,
        Math.max(0, spec.retry().maxAttempts() - 1), error, r == null ? null : r.stderrTail(), argv == null ? null : shell(argv),
        argv == null ? null : argv.subList(1, argv.size()), spec.timeoutMs() / 1000.0, spec.runsScenario() ? spec.ffmpeg() : null, null);
  }

  private static String nodeOf(JobRecord j) {
    if (j.node() != null) {
      return j.node();
    }
    List<JobAttempt> h = j.history();
    return h.isEmpty() ? null : h.get(h.size() - 1).node();
  }

  /** The FFmpeg argument list for a worker: an output file goes to the worker's working directory. */
  static List<String> workerArgv(FfmpegSettings settings) {
    List<String> out = new ArrayList<>();
    for (String a : FfmpegCommand.argv(settings)) {
      out.add(a.startsWith("{data.dir}/") ? a.substring("{data.dir}/".length()) : a);
    }
    return List.copyOf(out);
  }

  /** The argument list as one POSIX shell command line ({@code sh -c "$command"}). */
  static String shell(List<String> argv) {
    StringBuilder sb = new StringBuilder();
    for (String a : argv) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(SHELL_SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\"'\"'") + "'");
    }
    return sb.toString();
  }

  /** The stored parameters (strings) as the seed's JSON values: numbers and booleans as such, so agents read them as sent. */
  static Map<String, Object> parameters(Map<String, String> params) {
    if (params.isEmpty()) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (INTEGER.matcher(v).matches()) {
        out.put(k, Long.parseLong(v));
      } else if (DECIMAL.matcher(v).matches()) {
        out.put(k, Double.parseDouble(v));
      } else if (v.equals("true") || v.equals("false")) {
        out.put(k, Boolean.parseBoolean(v));
      } else {
        out.put(k, v);
      }
    });
    return out;
  }
}
