package io.streamfleet.agent.builtin;

/** Monotonic nanoseconds, injected so that tests can move time by hand. */
@FunctionalInterface
public interface NanoClock {
  long nanoTime();

  static NanoClock system() {
    return System::nanoTime;
  }
}
