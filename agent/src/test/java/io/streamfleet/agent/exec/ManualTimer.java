package io.streamfleet.agent.exec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double: a periodic timer whose ticks fire only when the test says so. */
final class ManualTimer implements PeriodicTimer {
  private final List<Runnable> tasks = new CopyOnWriteArrayList<>();

  @Override
  public Schedule every(Duration period, Runnable task) {
    Runnable registered = task::run; // its own identity, so that cancel removes this schedule only
    tasks.add(registered);
    return () -> tasks.remove(registered);
  }

  /** Runs every scheduled task once, on the calling thread. */
  void tick() {
    tasks.forEach(Runnable::run);
  }

  int scheduled() {
    return tasks.size();
  }
}
