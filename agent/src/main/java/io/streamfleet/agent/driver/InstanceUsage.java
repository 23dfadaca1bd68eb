package io.streamfleet.agent.driver;

/**
 * What a processor instance measured about itself.
 *
 * @param latencyMsP99 the 99th percentile of frame latency over the same window as the median
 * @param framesProcessed frames analysed since the instance started
 * @param reconnects times its camera came back after being away
 * @param decoder how frames are decoded ({@code software}, {@code vaapi}...), or null
 */
public record InstanceUsage(double fps, double latencyMsP50, long framesDropped, long lastFrameMsAgo, double cpuPercent,
    long rssBytes, double latencyMsP99, long framesProcessed, long reconnects, String decoder) {
  public static final InstanceUsage NONE = new InstanceUsage(0, 0, 0, -1, 0, 0);

  /** Usage without frame-level detail (exec processors, jobs). */
  public InstanceUsage(double fps, double latencyMsP50, long framesDropped, long lastFrameMsAgo, double cpuPercent, long rssBytes) {
    this(fps, latencyMsP50, framesDropped, lastFrameMsAgo, cpuPercent, rssBytes, latencyMsP50, 0, 0, null);
  }
}
