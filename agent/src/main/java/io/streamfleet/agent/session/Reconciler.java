package io.streamfleet.agent.session;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.ProcessorStatus;
import io.streamfleet.protocol.v1.ProcessorUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what runs on this node match the desired set: starts what is desired and not running,
 * stops what runs and is not desired. A processor instance is (stream, epoch). Two instances of
 * one overlap stream run side by side only while the desired set holds both: a make-before-break
 * move's successor warming up beside the current instance (on this node for a new processor
 * version); once the set drops the old one it is stopped. Thread-safe.
 *
 * <h2>The exclusive rule, on the agent's side</h2>
 *
 * An exclusive stream must never run twice, so:
 * <ul>
 *   <li>Its instances run only while the lease holds, and start only from a desired set received
 *       while it held: after a lapse the leader may have moved the stream, so the last set is no
 *       longer trusted for exclusive instances and the agent asks for a new one ({@link
 *       #desiredStale()}).
 *   <li>When the lease runs out every exclusive instance is killed at once, without the stop's
 *       grace period and without waiting for this object's lock ({@link #leaseChanged}).
 *   <li>A new epoch on this node starts only after the old one's stop has returned.
 *   <li>An instance, once stopped, never starts again at the same epoch: the leader re-places the
 *       stream at a new epoch when it hears of the stop.
 *   <li>An instance being stopped counts as alive ({@link #usage()} lists it) until its stop
 *       returns; then a STOPPED report confirms it to the leader, which waits for that (or for
 *       a heartbeat proving it, see {@link #appliedIndex()}) before starting it elsewhere.
 * </ul>
 *
 * Stops run on the {@code stopper} (a thread each in the agent), so one slow stop delays neither
 * the others, nor a reconcile, nor the lease check.
 *
 * <h2>Job attempts</h2>
 *
 * An instance with a {@code job} ({@code job:ID} at the attempt's number) is one attempt of a
 * batch job. It follows the rules above (it is exclusive), and when it ends by itself (exited, timed
 * out, or could not start) its driver reports a {@link JobOutcome}: the attempt leaves the running
 * set, its epoch counts as stopped (so a desired set that still holds it never starts it again),
 * and the outcome goes up and is resent after every registration until a desired set no longer
 * holds the attempt. An attempt the desired set drops first is stopped like any instance: STOPPED,
 * no outcome.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final String LEASE_EXPIRED = "lease expired (no acknowledged heartbeat); exclusive processors never run without one";

  /** Where status changes go (to the session, which sends them up when connected). */
  public interface StatusSink {
    void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts);

    /** A processor's event; the recorder behind the sink numbers it (the driver's own count is not its identity). */
    void event(String streamId, long epoch, String kind, String payloadJson);

    /** How a batch job's attempt ended; sent again after each registration until the leader has moved on. */
    default void jobOutcome(JobOutcome outcome) {}
  }

  /**
   * One instance. It exists before its driver starts it, so that a running or failed report
   * that arrives from a driver thread before {@code start} returns is remembered too.
   */
  private static final class Instance {
    final DesiredInstance desired;
    volatile ProcessorHandle handle;
    volatile ProcessorStatus.State state = ProcessorStatus.State.STARTING;
    volatile String reason;
    /** The traced start's wait for the first frame, until it ends (once). */
    final AtomicReference<Span> firstFrame = new AtomicReference<>();

    Instance(DesiredInstance desired) {
      this.desired = desired;
    }

    String streamId() {
      return desired.getStreamId();
    }

    String key() {
      return desired.getStreamId() + "@" + desired.getEpoch();
    }

    boolean exclusive() {
      return desired.getExclusive();
    }

    int restarts() {
      ProcessorHandle h = handle;
      return h == null ? 0 : h.restarts();
    }
  }

  private final Map<String, ProcessorDriver> drivers;
  private final StatusSink sink;
  private final Executor stopper;
  /** By stream@epoch. Concurrent so that {@link #usage()} (the heartbeat) never waits for a reconcile. */
  private final Map<String, Instance> running = new ConcurrentHashMap<>();
  /** By stream@epoch: being stopped, still alive until the stop returns. */
  private final Map<String, Instance> stopping = new ConcurrentHashMap<>();
  private List<DesiredInstance> lastDesired = List.of();
  /** The last desired set's traceparents, by stream@epoch: the starts to trace. */
  private Map<String, String> traceparents = Map.of();
  private final Tracing tracing;
  /**
   * The highest epoch of each stream this agent has stopped (or begun to stop). An instance, once
   * stopped, is never started again: the leader may have started its stream elsewhere on the
   * strength of the STOPPED report, so a stale or replayed desired set must not revive it. To run
   * the stream here again the leader places it at a new epoch (found by the simulation, seed 38068:
   * held acknowledgements and an old desired set arriving together after a one-way partition).
   */
  private final Map<String, Long> stoppedEpochs = new HashMap<>();
  /**
   * STOPPED reports the leader may not have received (sent while cut off, or to a deposed leader):
   * resent after every registration until a desired set shows the leader has moved on.
   */
  private final Map<String, Long> unconfirmedStops = new ConcurrentHashMap<>();
  /** By instance id: outcomes of job attempts, resent like {@link #unconfirmedStops} until the leader has moved on. */
  private final Map<String, JobOutcome> unconfirmedOutcomes = new ConcurrentHashMap<>();
  private volatile long appliedIndex;
  private volatile boolean desiredStale;
  private volatile boolean leaseValid;
  private boolean applying;

  /** Null: the lease is only what {@link #leaseChanged} last said (tests). */
  private final BooleanSupplier leaseNow;

  /** Stops inline (tests): each stop returns before the next step. */
  public Reconciler(Map<String, ProcessorDriver> driversByKind, StatusSink sink) {
    this(driversByKind, sink, null, Runnable::run);
  }

  /**
   * @param leaseNow whether the agent's lease holds at this moment; asked before every
   *     reconciliation, so that a desired set handled before the next periodic lease check (an
   *     agent resuming from a freeze) never starts an exclusive instance on a lease that has
   *     expired (found by the failover simulation, seed 4125)
   * @param stopper runs stops; the agent gives each its own virtual thread, tests and the
   *     simulation run them inline
   */
  public Reconciler(Map<String, ProcessorDriver> driversByKind, StatusSink sink, BooleanSupplier leaseNow, Executor stopper) {
    this(driversByKind, sink, leaseNow, stopper, Tracing.OFF);
  }

  /**
   * @param tracing spans of the starts the leader traces ({@code agent.start} and
   *     {@code first_frame}, continuing the trace of the desired set's traceparent)
   */
  public Reconciler(Map<String, ProcessorDriver> driversByKind, StatusSink sink, BooleanSupplier leaseNow, Executor stopper,
      Tracing tracing) {
    this.tracing = tracing;
    this.drivers = Map.copyOf(driversByKind);
    this.sink = sink;
    this.leaseNow = leaseNow;
    this.stopper = stopper;
  }

  /** Applies a complete desired set of unknown age (tests). */
  public void reconcile(List<DesiredInstance> desired) {
    reconcile(desired, 0);
  }

  /**
   * Applies the complete desired set built from the replicated state at {@code stateIndex}.
   * Exclusive instances start only if the lease holds now; otherwise they are left out and the
   * set is marked stale, so the leader sends it again once the lease holds.
   */
  public synchronized void reconcile(List<DesiredInstance> desired, long stateIndex) {
    reconcile(desired, stateIndex, Map.of());
  }

  /** The same, tracing the starts of the instances {@code traceparents} names (by stream@epoch). */
  public synchronized void reconcile(List<DesiredInstance> desired, long stateIndex, Map<String, String> traceparents) {
    this.traceparents = Map.copyOf(traceparents);
    if (leaseNow != null) {
      leaseChanged(leaseNow.getAsBoolean());
    }
    // The leader has heard of a stop once its desired set no longer holds that instance.
    unconfirmedStops.entrySet().removeIf(e -> desired.stream()
        .noneMatch(d -> d.getStreamId().equals(e.getKey()) && d.getEpoch() == e.getValue()));
    unconfirmedOutcomes.entrySet().removeIf(e -> desired.stream()
        .noneMatch(d -> d.getStreamId().equals(e.getKey()) && d.getEpoch() == e.getValue().getEpoch()));
    if (leaseValid) {
      lastDesired = List.copyOf(desired);
      desiredStale = false;
    } else {
      lastDesired = desired.stream().filter(d -> !d.getExclusive()).toList();
      desiredStale |= lastDesired.size() < desired.size();
    }
    apply();
    appliedIndex = Math.max(appliedIndex, stateIndex); // published after the effects: see appliedIndex()
  }

  private void apply() {
    applying = true;
    try {
      Map<String, DesiredInstance> want = new HashMap<>();
      Map<String, Long> newestWanted = new HashMap<>();
      lastDesired.forEach(d -> {
        want.put(key(d), d);
        newestWanted.merge(d.getStreamId(), d.getEpoch(), Math::max);
      });
      for (Instance r : List.copyOf(running.values())) {
        DesiredInstance d = want.get(r.key());
        if (d == null) {
          Long newest = newestWanted.get(r.streamId());
          stop(r, newest == null ? "no longer assigned here" : "replaced by epoch " + newest);
        } else if (!d.equals(r.desired) && !d.hasJob()) {
          // The same instance with a new processor spec: the leader still wants it here, so it is
          // restarted at the same epoch (after the old process is gone) and reported as running, not stopped.
          // Never a job attempt: it runs once per epoch, so a new spec waits for the next attempt.
          restart(r);
        }
      }
      for (DesiredInstance d : lastDesired) {
        if (d.getEpoch() <= stoppedEpochs.getOrDefault(d.getStreamId(), -1L)) {
          continue; // stopped here before: waits for a new epoch (see stoppedEpochs)
        }
        // An exclusive instance starts only when no other instance of its stream is alive here.
        boolean startable = d.getExclusive() ? leaseHoldsNow() && !isStopping(d.getStreamId()) && !isRunning(d.getStreamId())
            : !stopping.containsKey(key(d)); // one process per (stream, epoch)
        if (!running.containsKey(key(d)) && startable) {
          start(d);
        }
      }
    } finally {
      applying = false;
    }
  }

  /**
   * Asked right before an exclusive start, whatever led to it (a desired set, a renewal, a stop
   * that returned): the cached flag can be stale after any stall of the agent (found by the
   * simulation: seed 4125 for a desired set, seed 20778 for a stop returning after a long pause).
   */
  private boolean leaseHoldsNow() {
    return leaseValid && (leaseNow == null || leaseNow.getAsBoolean());
  }

  private static String key(DesiredInstance d) {
    return d.getStreamId() + "@" + d.getEpoch();
  }

  private boolean isRunning(String streamId) {
    for (Instance r : running.values()) {
      if (r.streamId().equals(streamId)) {
        return true;
      }
    }
    return false;
  }

  private boolean isStopping(String streamId) {
    for (Instance r : stopping.values()) {
      if (r.streamId().equals(streamId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The agent's lease on its exclusive streams was renewed ({@code valid}) or ran out. When it
   * runs out every exclusive instance is killed at once (the leader starts it elsewhere once the
   * lease has expired on its side too) and the exclusive part of the desired set is dropped; when
   * it is renewed, what the remaining set holds starts again. Overlap instances are not affected:
   * they keep running without the control plane.
   */
  public void leaseChanged(boolean valid) {
    if (valid == leaseValid) { // checked without the lock first: called every few ms
      return;
    }
    if (!valid) {
      killExclusive(); // before the lock: a reconcile in progress must not delay it
    }
    changeLease(valid);
  }

  private void killExclusive() {
    List<Instance> all = new ArrayList<>(running.values());
    all.addAll(stopping.values());
    for (Instance r : all) {
      ProcessorHandle h = r.handle;
      if (r.exclusive() && h != null) {
        try {
          h.kill();
        } catch (RuntimeException e) {
          log.error("could not kill exclusive {} at lease expiry: {}", r.key(), e.toString());
        }
      }
    }
  }

  private synchronized void changeLease(boolean valid) {
    if (valid == leaseValid) {
      return;
    }
    leaseValid = valid;
    if (valid) {
      apply();
      return;
    }
    for (Instance r : List.copyOf(running.values())) {
      if (r.exclusive()) {
        stop(r, LEASE_EXPIRED);
      }
    }
    int before = lastDesired.size();
    lastDesired = lastDesired.stream().filter(d -> !d.getExclusive()).toList();
    desiredStale |= lastDesired.size() < before;
  }

  private void start(DesiredInstance d) {
    ProcessorDriver driver = drivers.get(d.getProcessor().getDriver());
    if (driver == null) {
      failedToStart(d, "this agent has no '" + d.getProcessor().getDriver() + "' driver (it runs: "
          + String.join(", ", drivers.keySet()) + ")");
      return;
    }
    String traceparent = traceparents.get(key(d));
    Span span = startSpan("agent.start", traceparent, d);
    try (Scope ignored = Tracing.activate(span)) {
      sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.STARTING, null, 0);
      Instance instance = new Instance(d);
      if (traceparent != null) {
        instance.firstFrame.set(startSpan("first_frame", traceparent, d)); // before the driver: a frame may come at once
      }
      try {
        instance.handle = driver.start(d, listener(instance));
      } catch (RuntimeException e) {
        span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
        endFirstFrame(instance, "could not start: " + e.getMessage());
        failedToStart(d, e.getMessage());
        return;
      }
      running.put(key(d), instance);
      log.info("started {} epoch {} ({} {})", d.getStreamId(), d.getEpoch(), d.getProcessor().getDriver(), d.getProcessor().getName());
    } finally {
      span.end();
    }
  }

  private Span startSpan(String name, String traceparent, DesiredInstance d) {
    if (traceparent == null) {
      return Span.getInvalid();
    }
    return tracing.span(name, traceparent).setAttribute("streamfleet.stream", d.getStreamId())
        .setAttribute("streamfleet.epoch", d.getEpoch()).setAttribute("streamfleet.processor", d.getProcessor().getName()).startSpan();
  }

  /** Ends the wait for the first frame: with it ({@code failure} null), or without it, saying why. */
  private static void endFirstFrame(Instance r, String failure) {
    Span span = r.firstFrame.getAndSet(null);
    if (span != null) {
      if (failure != null) {
        span.setStatus(StatusCode.ERROR, failure);
      }
      span.end();
    }
  }

  /**
   * A stream's instance that cannot start is reported FAILED (and tried again with the next
   * desired set). A job attempt that cannot start has ended: its outcome says why, and it is not
   * tried again at this epoch.
   */
  private void failedToStart(DesiredInstance d, String reason) {
    if (d.hasJob()) {
      log.warn("job attempt {} epoch {} cannot start: {}", d.getStreamId(), d.getEpoch(), reason);
      jobEnded(d, JobOutcome.newBuilder().setJobId(JobIds.jobOf(d.getStreamId())).setEpoch(d.getEpoch())
          .setSucceeded(false).setExitCode(-1).setReason(reason).build());
    } else {
      sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.FAILED, reason, 0);
    }
  }

  /**
   * A job attempt ended by itself (its process group is gone). Ignored when the attempt is no
   * longer the running one: the agent is stopping it (the desired set dropped it, or the lease ran
   * out) and reports it STOPPED instead, so the leader hears of one ending, not two.
   */
  private synchronized void finished(Instance r, JobOutcome outcome) {
    if (running.get(r.key()) != r) {
      log.info("outcome of job attempt {} ignored: it is being stopped", r.key());
      return;
    }
    running.remove(r.key());
    jobEnded(r.desired, outcome);
  }

  private void jobEnded(DesiredInstance d, JobOutcome outcome) {
    stoppedEpochs.merge(d.getStreamId(), d.getEpoch(), Math::max);
    unconfirmedOutcomes.put(d.getStreamId(), outcome);
    sink.jobOutcome(outcome);
  }

  private InstanceListener listener(Instance r) {
    DesiredInstance d = r.desired;
    return new InstanceListener() {
      @Override
      public void running() {
        endFirstFrame(r, null);
        remember(ProcessorStatus.State.RUNNING, null);
        sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.RUNNING, null, r.restarts());
      }

      @Override
      public void degraded(String reason) {
        Span waiting = r.firstFrame.get();
        if (waiting != null) {
          waiting.addEvent("degraded: " + reason); // the camera is away: the wait goes on
        }
        remember(ProcessorStatus.State.DEGRADED, reason);
        sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.DEGRADED, reason, r.restarts());
      }

      @Override
      public void failed(String reason) {
        endFirstFrame(r, reason);
        remember(ProcessorStatus.State.FAILED, reason);
        sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.FAILED, reason, r.restarts());
      }

      private void remember(ProcessorStatus.State state, String reason) {
        r.state = state;
        r.reason = reason;
      }

      @Override
      public void event(long sequence, String kind, String payloadJson) {
        sink.event(d.getStreamId(), d.getEpoch(), kind, payloadJson);
      }

      @Override
      public void finished(JobOutcome outcome) {
        Reconciler.this.finished(r, outcome);
      }
    };
  }

  /**
   * Stops {@code r} on the stopper. It is listed as stopping before it leaves the running set, so
   * a heartbeat never misses a live instance; when the stop returns, a STOPPED report confirms it.
   * A stop that fails leaves the instance listed as stopping: alive, as far as anyone can tell.
   */
  private void stop(Instance r, String why) {
    stoppedEpochs.merge(r.streamId(), r.desired.getEpoch(), Math::max);
    end(r, why, true);
  }

  /** Ends the process of {@code r} to start it again with its new spec, same epoch. */
  private void restart(Instance r) {
    end(r, "processor spec changed (version " + r.desired.getProcessor().getVersion() + " replaced)", false);
  }

  private void end(Instance r, String why, boolean reportStopped) {
    endFirstFrame(r, "stopped before its first frame: " + why);
    stopping.put(r.key(), r);
    running.remove(r.key(), r);
    log.info("stopping {} epoch {}: {}", r.streamId(), r.desired.getEpoch(), why);
    stopper.execute(() -> {
      try {
        r.handle.stop();
      } catch (RuntimeException e) {
        log.error("stopping {} failed ({}); it stays listed as alive", r.key(), e.toString());
        return;
      }
      stopping.remove(r.key());
      if (reportStopped) {
        unconfirmedStops.merge(r.streamId(), r.desired.getEpoch(), Math::max);
        sink.status(r.streamId(), r.desired.getEpoch(), ProcessorStatus.State.STOPPED, why, r.restarts());
      }
      stopped(r);
    });
  }

  /** An instance of the same stream may have waited for this stop to return. */
  private void stopped(Instance r) {
    synchronized (this) {
      if (!applying) { // an inline stop inside apply(): its start loop comes next anyway
        apply();
      }
    }
  }

  /**
   * Usage of every live instance, for the next heartbeat; stopping ones are marked so. Lock-free.
   * Read {@link #appliedIndex()} first: every instance alive at that index is then in this list.
   */
  public List<ProcessorUsage> usage() {
    List<ProcessorUsage> out = new ArrayList<>();
    for (Instance r : running.values()) {
      out.add(usage(r, false));
    }
    for (Instance r : stopping.values()) {
      out.add(usage(r, true));
    }
    return out;
  }

  private static ProcessorUsage usage(Instance r, boolean stopping) {
    InstanceUsage u = r.handle.usage();
    return ProcessorUsage.newBuilder()
        .setStreamId(r.streamId()).setEpoch(r.desired.getEpoch()).setStopping(stopping)
        .setFps(u.fps()).setLatencyMsP50(u.latencyMsP50()).setFramesDropped(u.framesDropped())
        .setLastFrameMsAgo(u.lastFrameMsAgo()).setCpuPercent(u.cpuPercent()).setRssBytes(u.rssBytes())
        .setLatencyMsP99(u.latencyMsP99()).setFramesProcessed(u.framesProcessed()).setReconnects(u.reconnects())
        .setDecoder(u.decoder() == null ? "" : u.decoder())
        .build();
  }

  /** The state index of the newest desired set applied (0 before any). */
  public long appliedIndex() {
    return appliedIndex;
  }

  /** Whether exclusive instances were left out of a desired set for want of a lease: ask for it again. */
  public boolean desiredStale() {
    return desiredStale;
  }

  /**
   * Sends the current state of every instance again: after a reconnect the server may have
   * missed reports sent while the agent was cut off (the instances kept running meanwhile).
   */
  public synchronized void resendStatuses() {
    for (Instance r : running.values()) {
      sink.status(r.streamId(), r.desired.getEpoch(), r.state, r.reason, r.restarts());
    }
    // A STOPPED report sent while cut off may be lost; the leader re-places the stream only on it.
    unconfirmedStops.forEach((stream, epoch) ->
        sink.status(stream, epoch, ProcessorStatus.State.STOPPED, "stopped here; needs a new epoch", 0));
    // Likewise an outcome: the leader learns how the attempt ended only from it.
    unconfirmedOutcomes.values().forEach(sink::jobOutcome);
  }

  public synchronized int runningCount() {
    return running.size();
  }

  /** Stops every instance and waits for each (the agent is exiting). */
  @Override
  public synchronized void close() {
    List<Instance> all = new ArrayList<>(running.values());
    all.addAll(stopping.values());
    running.clear();
    for (Instance r : all) {
      log.info("stopping {} epoch {}: agent stopping", r.streamId(), r.desired.getEpoch());
      try {
        r.handle.stop();
      } catch (RuntimeException e) {
        log.error("stopping {} failed: {}", r.key(), e.toString());
      }
    }
    stopping.clear();
  }
}
