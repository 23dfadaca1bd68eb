package io.streamfleet.agent.exec;

import java.util.function.LongSupplier;

/**
 * The time sources of job attempts, injected so that a test can run a timeout without waiting.
 *
 * @param monotonicNanos measures durations and timeouts
 * @param wallMs stamps an attempt's start (display only)
 * @param timer ticks every attempt's usage sampling and timeout check
 */
public record JobTiming(LongSupplier monotonicNanos, LongSupplier wallMs, PeriodicTimer timer) {
  public static JobTiming system() {
    return new JobTiming(System::nanoTime, System::currentTimeMillis, PeriodicTimer.virtualThreads());
  }
}
