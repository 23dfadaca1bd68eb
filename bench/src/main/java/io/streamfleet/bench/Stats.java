package io.streamfleet.bench;

import java.util.Arrays;

/** Percentiles of a sample, in milliseconds. */
record Stats(int n, double p50, double p99, double max) {
  static Stats ofNanos(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return new Stats(s.length, pct(s, 0.50), pct(s, 0.99), s[s.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  @Override
  public String toString() {
    return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", n, p50, p99, max);
  }
}
