package io.streamfleet.cli;

import io.streamfleet.model.Resources;
import io.streamfleet.model.api.JobView;
import io.streamfleet.model.job.FfmpegSettings;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.RetryPolicy;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How jobs read in a terminal: the {@code job ls} table, {@code job show}, and the attempt history. Pure. */
final class JobViews {
  private static final Set<String> FINAL = Set.of("succeeded", "failed", "canceled");

  private JobViews() {}

  static boolean isFinal(String state) {
    return FINAL.contains(state);
  }

  /** The {@code job ls} table; ages are counted to {@code nowMs} (wall clock, for display only). */
  static Table table(List<JobView> jobs, long nowMs) {
    Table t = new Table("ID", "STATE", "SCENARIO/PROCESSOR", "PRIORITY", "NODE", "ATTEMPTS", "AGE/WALL", "ANALYZER/REASON");
    for (JobView j : jobs) {
      t.row(j.id(), j.state(), workload(j.spec()), j.spec() == null ? null : j.spec().priority(), node(j), attempts(j),
          ageOrWall(j, nowMs), Table.truncate(j.analyzer() != null ? j.analyzer() : reason(j), 70));
    }
    return t;
  }

  /** One line: what {@code job submit} prints. */
  static String line(JobView j) {
    StringBuilder b = new StringBuilder("job ").append(j.id()).append(' ').append(j.state());
    if (j.node() != null) {
      b.append(" on ").append(j.node());
    }
    String why = j.analyzer() != null ? j.analyzer() : reason(j);
    if (why != null) {
      b.append(": ").append(why);
    }
    return b.toString();
  }

  /** Every field of a job, one per line; the attempt history as a table. */
  static void show(PrintWriter out, JobView j) {
    JobSpec s = j.spec();
    field(out, "id", j.id());
    field(out, "state", j.state() + (j.node() == null ? "" : " on " + j.node()) + ", attempt " + j.attempts() + " of " + j.maxAttempts()
        + (j.preemptions() > 0 ? " (+" + j.preemptions() + " preempted)" : "") + ", epoch " + j.epoch() + (j.fenced()
        ? "; waiting until its previous attempt is known stopped" : ""));
    field(out, "reason", j.reason());
    if (j.notBeforeMs() != null && !isFinal(j.state())) {
      field(out, "next try", Instant.ofEpochMilli(j.notBeforeMs()).toString());
    }
    if (s != null) {
      field(out, "runs", s.runsScenario() ? "scenario " + s.scenario() : "processor " + s.processor() + " over " + s.input());
      if (s.ffmpeg() != null) {
        field(out, "ffmpeg", ffmpeg(s.ffmpeg()));
      }
      if (s.params() != null && !s.params().isEmpty()) {
        field(out, "params", s.params().toString());
      }
      field(out, "confidence", s.confidence());
      field(out, "priority", s.priority() + (s.zone() == null ? "" : "   zone: " + s.zone())
          + (s.nodeSelector() == null || s.nodeSelector().isEmpty() ? "" : "   node selector: " + s.nodeSelector()));
      field(out, "resources", resources(s.resources()));
      field(out, "timeout", seconds(s.timeoutMs()));
      field(out, "retry", retry(s.retry()));
      field(out, "idempotency", s.idempotencyKey());
      field(out, "depends on", s.dependsOn());
    }
    field(out, "submitted", Instant.ofEpochMilli(j.submittedMs()) + (j.submittedBy() == null ? "" : " by " + j.submittedBy()));
    field(out, "dispatched", j.dispatchedMs() == null ? null : Instant.ofEpochMilli(j.dispatchedMs()).toString());
    field(out, "started", j.startedMs() == null ? null : Instant.ofEpochMilli(j.startedMs()).toString());
    field(out, "finished", j.finishedMs() == null ? null : Instant.ofEpochMilli(j.finishedMs()).toString());
    JobResult r = j.result();
    if (r != null) {
      field(out, "result", outcome(r));
      if (r.wallMs() > 0 || r.cpuPercentAvg() > 0 || r.peakRssBytes() > 0) {
        field(out, "usage", String.format(Locale.ROOT, "wall %.2f s, cpu avg %.1f%% max %.1f%%, peak RSS %.1f MiB",
            r.wallMs() / 1000.0, r.cpuPercentAvg(), r.cpuPercentMax(), mib(r.peakRssBytes())));
      }
      if (r.fps() > 0 || r.speed() > 0 || r.frames() > 0) {
        field(out, "encoding", String.format(Locale.ROOT, "%.1f fps, speed %.2fx, %d frames", r.fps(), r.speed(), r.frames()));
      }
      if (r.outputPath() != null) {
        field(out, "output", r.outputPath() + String.format(Locale.ROOT, " (%.1f MiB)", mib(r.outputBytes())));
      }
    }
    field(out, "analyzer", j.analyzer() == null ? null : j.analyzer() + (j.recommendation() == null ? "" : " [" + j.recommendation() + "]"));
    if (j.history() != null && !j.history().isEmpty()) {
      out.println("history:");
      history(j.history()).print(out);
    }
  }

  /** The attempts, oldest first. */
  static Table history(List<JobAttempt> attempts) {
    Table t = new Table("EPOCH", "NODE", "OUTCOME", "COUNTED", "STARTED", "WALL", "REASON");
    for (JobAttempt a : attempts) {
      t.row(a.epoch(), a.node(), a.outcome(), a.counted() ? "yes" : "no", a.startedMs() > 0 ? Instant.ofEpochMilli(a.startedMs()) : null,
          a.startedMs() > 0 && a.endedMs() >= a.startedMs() ? duration(a.endedMs() - a.startedMs()) : null, Table.truncate(a.reason(), 80));
    }
    return t;
  }

  static String workload(JobSpec s) {
    if (s == null) {
      return null;
    }
    return s.runsScenario() ? s.scenario() : s.processor();
  }

  /** The current attempt's node, else the last one's: where to look for a finished job. */
  static String node(JobView j) {
    if (j.node() != null || j.history() == null || j.history().isEmpty()) {
      return j.node();
    }
    return j.history().getLast().node();
  }

  static String attempts(JobView j) {
    return j.attempts() + "/" + j.maxAttempts() + (j.preemptions() > 0 ? " +" + j.preemptions() + "p" : "");
  }

  /** A finished job: how long its last attempt ran ("5.2s"); any other: how long ago it was submitted ("3m ago"). */
  static String ageOrWall(JobView j, long nowMs) {
    if (isFinal(j.state()) && j.result() != null && j.result().wallMs() > 0) {
      return duration(j.result().wallMs());
    }
    return duration(Math.max(0, nowMs - j.submittedMs())) + " ago";
  }

  private static String reason(JobView j) {
    if (j.reason() != null) {
      return j.reason();
    }
    return j.result() == null ? null : j.result().reason();
  }

  static String ffmpeg(FfmpegSettings f) {
    StringBuilder b = new StringBuilder(f.input() == null ? FfmpegSettings.DEFAULT_INPUT : f.input());
    if (f.durationS() > 0) {
      b.append(", ").append(number(f.durationS())).append(" s");
    }
    append(b, f.codec());
    append(b, f.resolution());
    if (f.fps() != null) {
      b.append(", ").append(number(f.fps())).append(" fps");
    }
    append(b, f.bitrate());
    if (f.preset() != null) {
      b.append(", preset ").append(f.preset());
    }
    return b.append(" -> ").append(f.discards() ? FfmpegSettings.DISCARD : f.output()).toString();
  }

  static String resources(Resources r) {
    if (r == null) {
      return null;
    }
    return r.cpuMillis() + " cpu_millis, " + r.memoryMb() + " MiB" + (r.gpu() > 0 ? ", " + r.gpu() + " gpu" : "")
        + (r.accelerator() != null ? ", accelerator " + r.accelerator() : "");
  }

  private static String retry(RetryPolicy p) {
    if (p == null) {
      return null;
    }
    return p.maxAttempts() == 1 ? "none (1 attempt)"
        : p.maxAttempts() + " attempts, backoff " + seconds(p.backoffMs()) + " doubling to " + seconds(p.maxBackoffMs());
  }

  private static String outcome(JobResult r) {
    String how = r.succeeded() ? "succeeded" : r.timedOut() ? "timed out" : "failed";
    String exit = r.exitCode() == null ? "" : ", exit code " + r.exitCode();
    return how + exit + (r.reason() == null ? "" : ": " + r.reason());
  }

  /** 850 ms -> "0.9s", 5200 -> "5.2s", 192000 -> "3m12s", 7500000 -> "2h05m", 3 days -> "3d04h". */
  static String duration(long ms) {
    long s = ms / 1000;
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
  }

  static String seconds(long ms) {
    return number(ms / 1000.0) + " s";
  }

  static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static void append(StringBuilder b, String part) {
    if (part != null) {
      b.append(", ").append(part);
    }
  }

  private static void field(PrintWriter out, String name, String value) {
    if (value != null) {
      out.println(String.format(Locale.ROOT, "%-12s %s", name + ":", value));
    }
  }
}
