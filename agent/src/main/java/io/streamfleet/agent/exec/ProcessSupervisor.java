package io.streamfleet.agent.exec;

import io.streamfleet.agent.driver.InstanceListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one exec instance running: launch, watch stdout and stderr, wait for the exit, ask the
 * {@link RestartPolicy}, back off, launch again — or give up and report {@code failed} with the
 * last stderr lines.
 *
 * <h2>Design</h2>
 *
 * One virtual thread runs the loop and waits; the launch itself goes through the {@link
 * ProcessLauncher}'s platform thread (see there why). Two virtual threads per run read stdout
 * (protocol lines, readiness) and stderr (the tail kept for failure reasons). When the group
 * leader exits, the rest of its group is killed too, so no stray grandchild keeps running or
 * holds the pipes open. A program that cannot be started counts as a crash, so it is retried
 * with backoff and given up at the crash-loop limit rather than spun on.
 *
 * <p>{@link #stop()} is idempotent, may be called before {@link #start()}, and returns once the
 * whole process group is gone.
 */
public final class ProcessSupervisor {
  private static final Logger log = LoggerFactory.getLogger(ProcessSupervisor.class);
  private static final int STDERR_LINES_KEPT = 20;
  private static final int STDERR_LINES_IN_REASON = 5;
  private static final long LEASE_POLL_MS = 50;

  /** The processor's latest self-reported metrics. */
  public record Metrics(double fps, double latencyMs, long framesDropped, long atNanos) {
    static final Metrics NONE = new Metrics(0, 0, 0, -1);
  }

  private final String streamId;
  private final ExecCommand command;
  private final Readiness readiness;
  private final ProcessLauncher launcher;
  private final RestartPolicy policy;
  private final InstanceListener listener;
  private final Orphans orphans;
  private final LongSupplier clockMillis;
  private final ExclusiveGuard guard;

  private final Object lock = new Object();
  private boolean stopping;
  private Process current;
  private Thread loop;
  private final AtomicLong restarts = new AtomicLong();
  private final AtomicLong eventSequence = new AtomicLong();
  private final AtomicReference<Metrics> metrics = new AtomicReference<>(Metrics.NONE);
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>();

  public ProcessSupervisor(String streamId, ExecCommand command, Readiness readiness, ProcessLauncher launcher,
      RestartPolicy policy, InstanceListener listener, Orphans orphans, LongSupplier clockMillis) {
    this(streamId, command, readiness, launcher, policy, listener, orphans, clockMillis, ExclusiveGuard.NONE);
  }

  /** @param guard told of every process group this instance starts (the lease watchdog for exclusive streams) */
  public ProcessSupervisor(String streamId, ExecCommand command, Readiness readiness, ProcessLauncher launcher,
      RestartPolicy policy, InstanceListener listener, Orphans orphans, LongSupplier clockMillis, ExclusiveGuard guard) {
    this.streamId = streamId;
    this.command = command;
    this.readiness = readiness;
    this.launcher = launcher;
    this.policy = policy;
    this.listener = listener;
    this.orphans = orphans;
    this.clockMillis = clockMillis;
    this.guard = guard;
  }

  public void start() {
    synchronized (lock) {
      if (stopping || loop != null) {
        return;
      }
      loop = Thread.ofVirtual().name("exec-" + streamId).start(this::superviseUntilStoppedOrGivenUp);
    }
  }

  /** Stops the process group (SIGTERM, then SIGKILL after the launcher's timeout) and waits. */
  public void stop() {
    Process p;
    Thread t;
    synchronized (lock) {
      stopping = true;
      p = current;
      t = loop;
    }
    try {
      if (p != null) {
        launcher.stopGroup(p.pid());
      }
      if (t != null) {
        t.interrupt(); // wakes a backoff sleep; a running child is already stopping
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * SIGKILLs the process group now, without the SIGTERM grace, and restarts nothing after it.
   * Does not wait: {@link #stop()} still returns once the group is gone.
   */
  public void kill() {
    Process p;
    synchronized (lock) {
      stopping = true;
      p = current;
    }
    if (p != null) {
      launcher.killGroup(p.pid(), "KILL");
    }
  }

  public int restarts() {
    return (int) restarts.get();
  }

  /**
   * Waits until the supervising loop has ended (stopped, or given up after a crash loop); after
   * that nothing is restarted any more. Returns whether it ended within {@code timeout}.
   */
  public boolean awaitFinished(java.time.Duration timeout) throws InterruptedException {
    Thread t;
    synchronized (lock) {
      t = loop;
    }
    return t == null || t.join(timeout);
  }

  /** The pid (and process group id) of the running child, if any. */
  public OptionalLong pid() {
    synchronized (lock) {
      return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
    }
  }

  public Metrics metrics() {
    return metrics.get();
  }

  private void superviseUntilStoppedOrGivenUp() {
    while (!isStopping()) {
      policy.started(clockMillis.getAsLong());
      int exitCode;
      String startFailure = null;
      try {
        exitCode = runOnce();
      } catch (IOException e) {
        startFailure = e.getMessage();
        exitCode = -1;
      } catch (InterruptedException e) {
        break; // only stop() interrupts
      }
      if (isStopping()) {
        break;
      }
      RestartPolicy.Decision decision = policy.decide(clockMillis.getAsLong(), exitCode);
      switch (decision) {
        case RestartPolicy.Decision.GiveUp(String reason) -> {
          listener.failed(failureReason(reason, startFailure));
          return;
        }
        case RestartPolicy.Decision.Restart(var after) -> {
          log.info("exec processor of stream {} exited ({}); restarting in {}", streamId,
              startFailure != null ? startFailure : "code " + exitCode, after);
          try {
            Thread.sleep(after);
            while (!guard.leaseHolds() && !isStopping()) {
              Thread.sleep(LEASE_POLL_MS); // exclusive: never restarted without a lease (the agent stops it meanwhile)
            }
          } catch (InterruptedException e) {
            return;
          }
          restarts.incrementAndGet();
        }
      }
    }
  }

  /** Runs the child once and returns its exit code. */
  private int runOnce() throws IOException, InterruptedException {
    synchronized (stderrTail) {
      stderrTail.clear();
    }
    Process p = launcher.launch(command);
    synchronized (lock) {
      current = p;
      if (stopping) {
        launcher.killGroup(p.pid(), "KILL"); // stop() came during the launch and did not see p
      }
    }
    guard.guard(p.pid());
    orphans.record(streamId, p.pid());
    AtomicBoolean ready = new AtomicBoolean();
    Thread out = Thread.ofVirtual().start(() -> readStdout(p.getInputStream(), ready));
    Thread err = Thread.ofVirtual().start(() -> readStderr(p.getErrorStream()));
    try {
      if (readiness instanceof Readiness.Delay(var delay) && !p.waitFor(delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        becomeReady(ready);
      }
      int exitCode = p.waitFor();
      killRemnants(p); // grandchildren left behind by the leader would keep the pipes open
      out.join(1000);
      err.join(1000);
      return exitCode;
    } finally {
      killRemnants(p);
      guard.unguard(p.pid());
      orphans.clear(streamId);
      synchronized (lock) {
        current = null;
      }
    }
  }

  /**
   * SIGKILLs what is left of the child's group. Only when something is left: once the group is
   * empty its id may name a new group, which must not be signalled.
   */
  private void killRemnants(Process p) {
    if (p.isAlive() || !ProcStat.liveMembersOf(p.pid()).isEmpty()) {
      launcher.killGroup(p.pid(), "KILL");
    }
  }

  private void readStdout(InputStream in, AtomicBoolean ready) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        try {
          handleStdoutLine(line, ready);
        } catch (RuntimeException e) {
          // Keep reading: a child blocked on a full stdout pipe would look hung.
          log.warn("listener of stream {} failed on a stdout line", streamId, e);
        }
      }
    } catch (IOException e) {
      log.debug("stdout of stream {} closed: {}", streamId, e.getMessage());
    }
  }

  private void handleStdoutLine(String line, AtomicBoolean ready) {
    StdoutProtocol.Line parsed = StdoutProtocol.parse(line);
    if (readiness instanceof Readiness.StdoutMatch(var pattern) && pattern.matcher(line).find()) {
      becomeReady(ready);
    }
    switch (parsed) {
      case StdoutProtocol.Line.Event(String kind, String payload) -> {
        if (readiness instanceof Readiness.FirstEvent) {
          becomeReady(ready);
        }
        listener.event(eventSequence.incrementAndGet(), kind, payload);
      }
      case StdoutProtocol.Line.Metrics m -> metrics.updateAndGet(old -> new Metrics(
          m.fps() != null ? m.fps() : old.fps(),
          m.latencyMs() != null ? m.latencyMs() : old.latencyMs(),
          m.framesDropped() != null ? m.framesDropped() : old.framesDropped(),
          System.nanoTime()));
      case StdoutProtocol.Line.Log(String text) -> log.debug("[{}] {}", streamId, text);
    }
  }

  private void readStderr(InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_LINES_KEPT) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(line.strip());
        }
      }
    } catch (IOException e) {
      log.debug("stderr of stream {} closed: {}", streamId, e.getMessage());
    }
  }

  private void becomeReady(AtomicBoolean ready) {
    if (ready.compareAndSet(false, true) && !isStopping()) {
      listener.running();
    }
  }

  private String failureReason(String policyReason, String startFailure) {
    List<String> lines;
    synchronized (stderrTail) {
      lines = stderrTail.stream().skip(Math.max(0, stderrTail.size() - STDERR_LINES_IN_REASON)).toList();
    }
    StringBuilder reason = new StringBuilder(policyReason);
    if (startFailure != null) {
      reason.append(": ").append(startFailure);
    } else if (!lines.isEmpty()) {
      reason.append("; last stderr: ").append(String.join(" | ", lines));
    }
    return reason.toString();
  }

  private boolean isStopping() {
    synchronized (lock) {
      return stopping;
    }
  }
}
