package io.streamfleet.simulation;

import java.util.ArrayDeque;

/**
 * An agent's OS process as the simulation sees it: alive or killed, running or stopped (SIGSTOP).
 * Everything the agent does goes through {@link #run}: at once while the process runs, kept in
 * order while it is stopped, and worked through one step at a time, still in order, after
 * SIGCONT. A killed process does nothing ever again.
 */
final class AgentProcess {
  private final EventLoop loop;
  private final String node;
  private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
  private boolean alive = true;
  private boolean stopped;
  private long stoppedAtMs;

  AgentProcess(EventLoop loop, String node) {
    this.loop = loop;
    this.node = node;
  }

  void run(Runnable action) {
    if (!alive) {
      return;
    }
    if (frozen()) {
      backlog.addLast(action); // behind what already waits: the process handles things in order
      return;
    }
    action.run();
  }

  boolean alive() {
    return alive;
  }

  /** Stopped, or continued but still working through what waited meanwhile. */
  boolean frozen() {
    return stopped || !backlog.isEmpty();
  }

  /** When it was last stopped. */
  long stoppedAtMs() {
    return stoppedAtMs;
  }

  /** kill -9. */
  void kill() {
    alive = false;
    backlog.clear();
  }

  /** SIGSTOP. */
  void stop() {
    stopped = true;
    stoppedAtMs = loop.now();
  }

  /** SIGCONT. */
  void cont() {
    stopped = false;
    if (!backlog.isEmpty()) {
      loop.after(0, "resumes", node, this::catchUp);
    }
  }

  private void catchUp() {
    if (!alive || stopped || backlog.isEmpty()) {
      return;
    }
    backlog.removeFirst().run();
    if (!backlog.isEmpty()) {
      loop.after(0, "resumes", node, this::catchUp);
    }
  }
}
