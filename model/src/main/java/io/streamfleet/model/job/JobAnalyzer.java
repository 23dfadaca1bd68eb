package io.streamfleet.model.job;

import java.util.Locale;

/**
 * Reads an FFmpeg job's result the way a capacity planner would: can this node encode this
 * scenario in real time, and how much headroom is left. Pure.
 */
public final class JobAnalyzer {
  private JobAnalyzer() {}

  /** A one-line verdict, or null when there is nothing to judge (not an FFmpeg job, or no speed measured). */
  public static String summary(JobSpec spec, JobResult r) {
    if (!spec.runsScenario() || r == null || !r.succeeded() || r.speed() <= 0) {
      return null;
    }
    String speed = String.format(Locale.ROOT, "%.2fx", r.speed());
    String fps = r.fps() > 0 ? String.format(Locale.ROOT, ", %.1f fps", r.fps()) : "";
    if (r.speed() >= 1.0) {
      return "real-time capable at " + speed + fps + " (" + recommendation(r) + ")";
    }
    return "not real-time: " + speed + fps + "; needs about " + String.format(Locale.ROOT, "%.1f", 1 / r.speed())
        + "x this node's encoding speed";
  }

  /** The seed's verdict: optimal, marginal or insufficient. */
  public static String recommendation(JobResult r) {
    if (r == null || r.speed() <= 0) {
      return "unknown";
    }
    if (r.speed() >= 1.2) {
      return "optimal";
    }
    return r.speed() >= 1.0 ? "marginal" : "insufficient";
  }
}
