package io.streamfleet.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth: every processor instance that is really running (a stream's, or a job
 * attempt's as {@code job:ID}), on every agent, whatever the control plane believes. Simulated
 * drivers add and remove instances; a crashed agent's instances die with it. The invariants are
 * judged against this, never against reported state.
 */
final class RunningInstances {
  /** One running processor instance, started at {@code startedAtMs} (absolute simulated time). */
  record Instance(String node, long incarnation, String streamId, long epoch, boolean exclusive, long startedAtMs) {
    @Override
    public String toString() {
      return streamId + "@" + epoch + " on " + node + "/" + incarnation;
    }
  }

  /** A start or stop, with its simulated time (kept only when history is on). */
  record Change(long atMs, boolean started, Instance instance) {}

  private final Map<String, List<Instance>> byStream = new TreeMap<>();
  private final EventLoop loop;
  private final Trace trace;
  private final List<Change> history;
  private long version;

  RunningInstances(EventLoop loop, Trace trace, boolean keepHistory) {
    this.loop = loop;
    this.trace = trace;
    this.history = keepHistory ? new ArrayList<>() : null;
  }

  void started(Instance i) {
    byStream.computeIfAbsent(i.streamId(), s -> new ArrayList<>()).add(i);
    changed(true, "start ", i);
  }

  /** Idempotent: stopping an instance that is gone changes nothing. */
  void stopped(Instance i) {
    gone(i, "stop ");
  }

  /** The process exited by itself ({@code how}: "succeeded", "exit code 1"); a job attempt's end. */
  void exited(Instance i, String how) {
    gone(i, "exit (" + how + ") ");
  }

  private void gone(Instance i, String label) {
    List<Instance> list = byStream.get(i.streamId());
    if (list != null && list.remove(i)) {
      changed(false, label, i);
    }
  }

  /** Every instance of one agent process dies with it. */
  void diedWith(String node, long incarnation) {
    for (List<Instance> list : byStream.values()) {
      for (Instance i : List.copyOf(list)) {
        if (i.node().equals(node) && i.incarnation() == incarnation) {
          list.remove(i);
          changed(false, "stop ", i);
        }
      }
    }
  }

  private void changed(boolean started, String label, Instance i) {
    version++;
    trace.note(loop.now(), label + i);
    if (history != null) {
      history.add(new Change(loop.now(), started, i));
    }
  }

  List<Instance> of(String streamId) {
    return byStream.getOrDefault(streamId, List.of());
  }

  /** Grows with every start and stop: unchanged means nothing to re-check. */
  long version() {
    return version;
  }

  /** Every start and stop so far (empty unless history is on). */
  List<Change> history() {
    return history == null ? List.of() : List.copyOf(history);
  }
}
