package io.streamfleet.agent.exec;

import io.streamfleet.agent.hardware.ProcessUsage;

/**
 * What a job attempt's process tree used, over the samples taken while it ran. Pure: {@link
 * #plus} returns the summary with one more sample.
 *
 * <p>The first sample of a tree has no CPU rate (the sampler needs two readings), so CPU figures
 * come from the second sample on. Each rated sample is weighted by the time it covers, so a run
 * sampled densely at first and sparsely later still averages right.
 *
 * @param samples samples of a live tree so far
 * @param cpuWeightedSum each rated sample's CPU times its weight, summed (for the average)
 * @param weightSum the weights of the rated samples
 * @param cpuPercentMax the highest rated CPU figure
 * @param peakRssBytes the highest resident memory of the tree in any sample
 * @param last the latest sample, for heartbeats
 */
public record JobUsage(int samples, double cpuWeightedSum, double weightSum, double cpuPercentMax, long peakRssBytes, ProcessUsage last) {
  public static final JobUsage NONE = new JobUsage(0, 0, 0, 0, 0, ProcessUsage.NONE);

  /** This summary with {@code sample} added at weight 1. */
  public JobUsage plus(ProcessUsage sample) {
    return plus(sample, 1);
  }

  /**
   * This summary with {@code sample} added; {@code weight} is the time it covers (since the
   * previous sample). A sample of a tree that is already gone adds nothing.
   */
  public JobUsage plus(ProcessUsage sample, double weight) {
    if (sample.processes() == 0) {
      return this;
    }
    boolean rated = samples > 0 && weight > 0;
    return new JobUsage(samples + 1,
        cpuWeightedSum + (rated ? sample.cpuPercent() * weight : 0),
        weightSum + (rated ? weight : 0),
        rated ? Math.max(cpuPercentMax, sample.cpuPercent()) : cpuPercentMax,
        Math.max(peakRssBytes, sample.rssBytes()),
        sample);
  }

  /** The time-weighted mean CPU of the rated samples, as a percentage of one thread (two busy threads read 200). */
  public double cpuPercentAvg() {
    return weightSum <= 0 ? 0 : cpuWeightedSum / weightSum;
  }
}
