package io.streamfleet.agent.builtin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every listener call in order, as text, plus the typed payloads. */
class RecordingListener implements BuiltinListener {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<BuiltinEvent> events = new CopyOnWriteArrayList<>();
  final List<ProcessorStats> stats = new CopyOnWriteArrayList<>();
  final List<String> exits = new CopyOnWriteArrayList<>();
  final List<String> degradations = new CopyOnWriteArrayList<>();

  @Override
  public void onFirstFrame() {
    calls.add("first_frame");
  }

  @Override
  public void onEvent(BuiltinEvent event) {
    events.add(event);
    calls.add(event.kind() + "@" + event.frame());
  }

  @Override
  public void onStats(ProcessorStats stats) {
    this.stats.add(stats);
    calls.add("stats");
  }

  @Override
  public void onDegraded(String reason) {
    degradations.add(reason);
    calls.add("degraded: " + reason);
  }

  @Override
  public void onRecovered() {
    calls.add("recovered");
  }

  @Override
  public void onExit(String reason) {
    exits.add(reason);
    calls.add("exit: " + reason);
  }

  boolean firstFrameSeen() {
    return calls.contains("first_frame");
  }

  boolean exited() {
    return !exits.isEmpty();
  }
}
