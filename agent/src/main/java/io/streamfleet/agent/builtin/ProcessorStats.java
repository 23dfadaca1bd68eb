package io.streamfleet.agent.builtin;

/**
 * How a builtin processor is doing, as reported to its listener at most once a second.
 *
 * @param fps analysed frames per second over the last {@link StatsWindow#DEFAULT_WINDOW}
 * @param latencyMsP50 median time from the source producing a frame to its analysis being done,
 *     over the same window, in milliseconds
 * @param framesProcessed frames analysed since the start
 * @param framesDropped frames the source skipped since the start (gaps in sequence numbers)
 * @param motionEvents motion events started ({@code motion_start}) since the start
 * @param latencyMsP99 the 99th percentile of the same latencies (nearest rank)
 * @param reconnects times the source came back after being away, since the start
 */
public record ProcessorStats(
    double fps, double latencyMsP50, long framesProcessed, long framesDropped, long motionEvents, double latencyMsP99,
    long reconnects) {
  /** Figures without the latency tail and reconnections. */
  public ProcessorStats(double fps, double latencyMsP50, long framesProcessed, long framesDropped, long motionEvents) {
    this(fps, latencyMsP50, framesProcessed, framesDropped, motionEvents, latencyMsP50, 0);
  }
}
