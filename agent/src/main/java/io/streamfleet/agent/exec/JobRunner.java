package io.streamfleet.agent.exec;

import io.streamfleet.agent.builtin.StderrTail;
import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.agent.hardware.ProcessUsage;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a batch job as a child process in its own process group, exactly once,
 * and reports how it ended as a {@link JobOutcome} ({@link InstanceListener#finished}).
 *
 * <h2>Design</h2>
 *
 * Unlike a stream's {@link ProcessSupervisor} there is no restart policy and no readiness rule:
 * the attempt is running as soon as its process has started, and its end is the result. One
 * virtual thread launches the process (through the {@link ProcessLauncher}) and waits for it; two
 * more read stdout (FFmpeg progress, when the job says so) and stderr (the tail sent with the
 * outcome). A {@link PeriodicTimer} tick, once a second, samples the process tree's CPU and memory
 * and kills the group when the attempt is past its timeout, so the timeout is enforced within a
 * second of its deadline. Measurements and the outcome live in a {@link JobAttempt}.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>An attempt that exits by itself, times out or cannot start gives exactly one outcome,
 *       after its whole process group is gone.
 *   <li>An attempt the agent ends ({@link #stop()}: the desired set dropped it; {@link #kill()}:
 *       the lease ran out) gives none; its STOPPED report is the reconciler's.
 *   <li>{@link #stop()} is idempotent, may be called before {@link #start()}, and returns once the
 *       process group is gone, without waiting for the outcome's listener.
 * </ul>
 */
public final class JobRunner implements ProcessorHandle {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
  /**
   * The process tree is sampled (and the timeout checked) every {@link #DENSE_PERIOD} during the
   * first {@link #DENSE_TICKS} ticks, so that short attempts (an FFmpeg benchmark of a small
   * scenario lasts a fraction of a second) still get a CPU figure, then every {@link
   * #SAMPLE_PERIOD}.
   */
  static final Duration DENSE_PERIOD = Duration.ofMillis(20);
  static final int DENSE_TICKS = 50;
  static final Duration SAMPLE_PERIOD = Duration.ofSeconds(1);
  private static final int STDERR_LINES_KEPT = 20;
  private static final int STDERR_BYTES_KEPT = 4096;
  private static final long NOT_EXITED = Long.MIN_VALUE;
  private static final String NOT_STARTED_HINT = "; install the program on this node or fix the job's command";

  private final String instanceId;
  private final ExecCommand command;
  private final ProcessLauncher launcher;
  private final LongFunction<ProcessUsage> treeUsage;
  private final InstanceListener listener;
  private final Orphans orphans;
  private final ExclusiveGuard guard;
  private final JobTiming timing;
  private final JobAttempt attempt;
  private final Path output;
  private final StderrTail stderr = new StderrTail(STDERR_LINES_KEPT);
  private final AtomicBoolean timedOut = new AtomicBoolean();
  /** Counted down once the process group is gone (or was never started). */
  private final CountDownLatch gone = new CountDownLatch(1);
  /** When the process exited, on the monotonic clock. */
  private volatile long exitedNanos = NOT_EXITED;

  private final Object lock = new Object();
  private boolean stopping;
  private Process process;
  private Thread runner;

  /**
   * @param instance a job attempt ({@link DesiredInstance#hasJob()}); its {@code job.progress} must be
   *     "ffmpeg" or empty
   * @param command its expanded command and data directory
   * @param treeUsage CPU and memory of the process tree under a pid
   * @param guard told of the process group while it runs (the lease watchdog: jobs are exclusive)
   * @throws IllegalArgumentException for an unknown progress kind
   */
  public JobRunner(DesiredInstance instance, ExecCommand command, ProcessLauncher launcher, LongFunction<ProcessUsage> treeUsage,
      InstanceListener listener, Orphans orphans, ExclusiveGuard guard, JobTiming timing) {
    String progress = instance.getJob().getProgress();
    if (!progress.isEmpty() && !progress.equals("ffmpeg")) {
      throw new IllegalArgumentException("job progress '" + progress + "' of " + instance.getStreamId()
          + " is unknown; expected \"ffmpeg\" or empty");
    }
    this.instanceId = instance.getStreamId();
    this.command = command;
    this.launcher = launcher;
    this.treeUsage = treeUsage;
    this.listener = listener;
    this.orphans = orphans;
    this.guard = guard;
    this.timing = timing;
    this.attempt = new JobAttempt(instance, timing.wallMs().getAsLong(), timing.monotonicNanos().getAsLong());
    String file = instance.getJob().getOutputFile();
    this.output = file.isEmpty() ? null : command.dataDir().resolve(file).toAbsolutePath().normalize();
  }

  /** Starts the attempt; does nothing when it was started or stopped before. */
  public void start() {
    synchronized (lock) {
      if (stopping || runner != null) {
        return;
      }
      runner = Thread.ofVirtual().name("job-" + instanceId).start(this::runAndReport);
    }
  }

  /** Stops the process group (SIGTERM, then SIGKILL after the launcher's timeout) and waits until it is gone. */
  @Override
  public void stop() {
    Process p;
    Thread t;
    synchronized (lock) {
      stopping = true;
      p = process;
      t = runner;
    }
    if (t == null) {
      return;
    }
    try {
      if (p != null) {
        launcher.stopGroup(p.pid());
      }
      gone.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILLs the process group now (the lease ran out). Does not wait; {@link #stop()} still does. */
  @Override
  public void kill() {
    Process p;
    synchronized (lock) {
      stopping = true;
      p = process;
    }
    if (p != null && p.isAlive()) {
      launcher.killGroup(p.pid(), "KILL");
    }
  }

  @Override
  public InstanceUsage usage() {
    ProcessUsage tree = attempt.usage().last();
    return new InstanceUsage(attempt.progress().fps(), 0, 0, -1, tree.cpuPercent(), tree.rssBytes());
  }

  /**
   * Waits until the attempt is over: its process group gone and its outcome, if any, reported.
   * Returns whether that was within {@code timeout}; true at once when it was never started.
   */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    Thread t;
    synchronized (lock) {
      t = runner;
    }
    return t == null || t.join(timeout);
  }

  private void runAndReport() {
    JobEnd end;
    try {
      end = run();
    } catch (RuntimeException e) {
      // The process (if any) is gone by now; an attempt without an outcome would be listed as running for good.
      log.error("running job attempt {} failed", instanceId, e);
      end = new JobEnd.Failed("the agent failed while running the attempt: " + e);
    } finally {
      removeEmptyDataDir();
      gone.countDown();
    }
    long ended = exitedNanos != NOT_EXITED ? exitedNanos : timing.monotonicNanos().getAsLong();
    if (isStopping()) {
      log.info("job attempt {} was stopped by the agent: no outcome", instanceId);
      return;
    }
    JobOutcome outcome = attempt.outcome(end, ended, stderr.text(STDERR_BYTES_KEPT), output, outputBytes());
    log.info("job attempt {} ended: {}", instanceId, outcome.getSucceeded() ? "succeeded" : outcome.getReason());
    listener.finished(outcome);
  }

  /** Runs the process once; returns how it ended (when stopped by the agent, the caller ignores it). */
  private JobEnd run() {
    deleteStaleOutput();
    Process p;
    try {
      p = launcher.launch(command);
    } catch (IOException e) {
      return new JobEnd.Failed(e.getMessage() + NOT_STARTED_HINT);
    }
    synchronized (lock) {
      process = p;
      if (stopping) {
        launcher.killGroup(p.pid(), "KILL"); // stop() came during the launch and did not see p
      }
    }
    try {
      guard.guard(p.pid());
      // The first reading at once (the next one's CPU rate is measured from it), before the
      // bookkeeping below: on a busy node a short attempt may be over before a later first look.
      tick(p);
      synchronized (lock) {
        ticks = timing.timer().every(DENSE_PERIOD, () -> tick(p));
      }
      orphans.record(instanceId, p.pid());
      Thread out = Thread.ofVirtual().start(() -> readLines(p.getInputStream(), "stdout", attempt::stdoutLine));
      Thread err = Thread.ofVirtual().start(() -> readLines(p.getErrorStream(), "stderr", stderr::add));
      if (!isStopping()) {
        listener.running();
      }
      int exitCode = p.waitFor();
      exitedNanos = timing.monotonicNanos().getAsLong(); // the attempt's time ends here, not after the clean-up
      killRemnants(p); // grandchildren left behind would keep the pipes open
      out.join(1000);
      err.join(1000);
      return timedOut.get() ? new JobEnd.TimedOut(attempt.job().getTimeoutMs()) : new JobEnd.Exited(exitCode);
    } catch (InterruptedException e) {
      // Nothing interrupts this thread; if something did, the attempt's end is unknown: its group
      // is killed below and the attempt reported failed rather than left running forever.
      Thread.currentThread().interrupt();
      return new JobEnd.Failed("the agent was interrupted while waiting for the process; its process group was killed");
    } finally {
      stopTicks();
      killRemnants(p);
      guard.unguard(p.pid());
      orphans.clear(instanceId);
      synchronized (lock) {
        process = null;
      }
    }
  }

  private final AtomicLong ticksSeen = new AtomicLong();
  private final AtomicLong lastSampleNanos = new AtomicLong(-1);
  /** The current schedule of ticks (dense, then sparse); changed only under {@link #lock}. */
  private PeriodicTimer.Schedule ticks;
  private boolean ticksStopped;

  private void stopTicks() {
    synchronized (lock) {
      ticksStopped = true;
      if (ticks != null) {
        ticks.cancel();
      }
    }
  }

  /** After the dense ticks, sparse ones (unless the attempt has ended meanwhile). */
  private void slowDown(Process p) {
    synchronized (lock) {
      if (ticksStopped) {
        return;
      }
      ticks.cancel();
      ticks = timing.timer().every(SAMPLE_PERIOD, () -> tick(p));
    }
  }

  /** Samples the tree and enforces the timeout; on the timer's thread. */
  private void tick(Process p) {
    if (ticksSeen.getAndIncrement() == DENSE_TICKS) {
      slowDown(p);
    }
    try {
      long now = timing.monotonicNanos().getAsLong();
      ProcessUsage sample = treeUsage.apply(p.pid());
      if (sample != null) {
        long previous = lastSampleNanos.getAndSet(now);
        attempt.sampled(sample, previous < 0 ? 0 : (now - previous) / 1e6);
      }
    } catch (RuntimeException e) {
      // A missing sample only thins the usage figures; the timeout below must still be enforced.
      log.warn("cannot sample the process tree of job attempt {}: {}", instanceId, e.toString());
    }
    if (attempt.overdue(timing.monotonicNanos().getAsLong()) && p.isAlive() && timedOut.compareAndSet(false, true)) {
      log.warn("job attempt {} ran longer than its timeout of {} ms; killing its process group {}", instanceId,
          attempt.job().getTimeoutMs(), p.pid());
      launcher.killGroup(p.pid(), "KILL");
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

  private void readLines(InputStream in, String name, Consumer<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        sink.accept(line); // keeps reading whatever the line says: a child blocked on a full pipe would look hung
      }
    } catch (IOException e) {
      log.debug("{} of job attempt {} closed: {}", name, instanceId, e.getMessage());
    }
  }

  /** A file left by an earlier attempt must not pass for this one's output. */
  private void deleteStaleOutput() {
    if (output == null) {
      return;
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      log.warn("cannot delete the previous output {} of {}: {}", output, instanceId, e.getMessage());
    }
  }

  /**
   * An attempt that keeps no output leaves no directory behind (thousands of short jobs would
   * otherwise leave thousands of empty ones); one with an output file keeps it for the user.
   */
  private void removeEmptyDataDir() {
    try {
      Files.deleteIfExists(command.dataDir());
    } catch (java.nio.file.DirectoryNotEmptyException e) {
      // it holds the output, or files the program left: kept
    } catch (IOException e) {
      log.debug("cannot remove the data directory of {}: {}", instanceId, e.getMessage());
    }
  }

  private long outputBytes() {
    try {
      return output != null && Files.isRegularFile(output) ? Files.size(output) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private boolean isStopping() {
    synchronized (lock) {
      return stopping;
    }
  }
}
