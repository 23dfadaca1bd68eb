package io.streamfleet.server.api.seed;

import io.streamfleet.model.Redaction;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.server.api.ApiException;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's {@code POST /results} body as a job report. The seed's metrics are a free-form map;
 * the names its agents send are read ({@code cpu_usage} in percent, {@code memory_usage} in MiB,
 * {@code duration} in seconds, FFmpeg's {@code fps} and {@code speed}), numbers sent as strings
 * too, and the rest is ignored.
 */
public final class SeedResults {
  /** At most this much of a worker's error text and logs is kept, from the end. */
  static final int MAX_TAIL = 8192;
  static final long MIB = 1024L * 1024;

  private SeedResults() {}

  /** The seed's result body; {@code logs} is newer agents' execution log. */
  public record SeedResult(String jobId, String nodeId, String status, String error, String logs, Map<String, Object> metrics,
      Map<String, Object> analyzerOutput, String completedAt) {}

  /** Whether the worker says the job succeeded; a 400 naming the allowed words otherwise. */
  public static boolean succeeded(SeedResult r) {
    String s = r.status() == null ? "" : r.status().trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "completed", "succeeded", "success" -> true;
      case "failed", "canceled", "cancelled", "timed_out", "timedout", "error" -> false;
      default -> throw new ApiException(400, "invalid", "status: '" + r.status() + "' is not a result status; use completed or failed");
    };
  }

  /** The report item for the attempt the job has now (the caller checked that the worker holds it). */
  public static ReportJobs.Item item(SeedResult r, JobRecord job, long nowMs) {
    boolean ok = succeeded(r);
    Map<String, Object> m = r.metrics() == null ? Map.of() : r.metrics();
    double durationS = number(m, "duration", "exec_duration", "processing_time_seconds");
    long wallMs = durationS > 0 ? Math.round(durationS * 1000) : job.startedMs() > 0 ? Math.max(0, nowMs - job.startedMs()) : 0;
    double cpu = number(m, "cpu_usage", "cpu_percent", "cpu_percent_avg");
    double cpuMax = Math.max(cpu, number(m, "cpu_max", "cpu_percent_max", "cpu_usage_max"));
    long rss = (long) number(m, "peak_rss_bytes", "memory_bytes");
    if (rss <= 0) {
      rss = Math.round(number(m, "memory_usage", "memory_mb", "peak_memory_mb") * MIB);
    }
    double fps = number(m, "fps", "avg_fps", "encoding_fps");
    double speed = number(m, "speed", "encoding_speed");
    Double targetFps = job.spec().ffmpeg() == null ? null : job.spec().ffmpeg().fps();
    if (speed <= 0 && fps > 0 && targetFps != null && targetFps > 0) {
      speed = fps / targetFps; // frames per second over the scenario's rate is FFmpeg's speed
    }
    long frames = (long) number(m, "frames", "frames_encoded", "total_frames");
    long outputBytes = (long) number(m, "output_bytes", "output_file_bytes");
    boolean timedOut = "timed_out".equalsIgnoreCase(r.status()) || "timedout".equalsIgnoreCase(r.status());
    String error = r.error() == null || r.error().isBlank() ? null : Redaction.text(tail(r.error().trim()));
    String reason = ok ? null : error != null ? error : "the worker reported " + r.status();
    String stderr = r.logs() != null && !r.logs().isBlank() ? Redaction.text(tail(r.logs())) : error;
    int exitCode = (int) number(m, "exit_code");
    Integer exit = ok ? Integer.valueOf(0) : Integer.valueOf(exitCode != 0 ? exitCode : 1);
    JobResult result = new JobResult(exit, ok, timedOut, reason, job.startedMs(), wallMs, cpu, cpuMax, rss, fps, speed, frames, stderr,
        null, outputBytes);
    return new ReportJobs.Item(job.id(), job.epoch(), ReportJobs.EXITED, reason, result);
  }

  /** The first of {@code names} that is a number (or a string holding one), else 0. */
  static double number(Map<String, Object> m, String... names) {
    for (String name : names) {
      Object v = m.get(name);
      if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
        return n.doubleValue();
      }
      if (v instanceof String s) {
        try {
          double d = Double.parseDouble(s.trim().replaceFirst("x$", ""));
          if (Double.isFinite(d)) {
            return d;
          }
        } catch (NumberFormatException e) {
          // not a number: try the next name
        }
      }
    }
    return 0;
  }

  private static String tail(String text) {
    return text.length() <= MAX_TAIL ? text : text.substring(text.length() - MAX_TAIL);
  }
}
