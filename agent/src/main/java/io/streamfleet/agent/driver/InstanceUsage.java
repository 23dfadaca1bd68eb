package io.streamfleet.agent.driver;

/** What a processor instance measured about itself. */
public record InstanceUsage(double fps, double latencyMsP50, long framesDropped, long lastFrameMsAgo, double cpuPercent, long rssBytes) {
  public static final InstanceUsage NONE = new InstanceUsage(0, 0, 0, -1, 0, 0);
}
