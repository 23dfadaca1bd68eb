package io.streamfleet.agent.exec;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.protocol.v1.JobOutcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Remembers what an instance reported. */
final class RecordingListener implements InstanceListener {
  record Event(long sequence, String kind, String payloadJson) {}

  final AtomicInteger running = new AtomicInteger();
  final List<String> failures = new CopyOnWriteArrayList<>();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();

  @Override
  public void running() {
    running.incrementAndGet();
  }

  @Override
  public void failed(String reason) {
    failures.add(reason);
  }

  @Override
  public void event(long sequence, String kind, String payloadJson) {
    events.add(new Event(sequence, kind, payloadJson));
  }

  @Override
  public void finished(JobOutcome outcome) {
    outcomes.add(outcome);
  }
}
