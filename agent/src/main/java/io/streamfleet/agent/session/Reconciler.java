package io.streamfleet.agent.session;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.ProcessorStatus;
import io.streamfleet.protocol.v1.ProcessorUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what runs on this node match the desired set: starts what is desired and not running,
 * stops what runs and is not desired or has a stale epoch. A processor instance is (stream,
 * epoch); an instance of an older epoch is always stopped. Thread-safe.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /** Where status changes go (to the session, which sends them up when connected). */
  public interface StatusSink {
    void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts);

    void event(String streamId, long epoch, long sequence, String kind, String payloadJson);
  }

  /**
   * One instance. It exists before its driver starts it, so that a running or failed report
   * that arrives from a driver thread before {@code start} returns is remembered too.
   */
  private static final class Running {
    final DesiredInstance desired;
    volatile ProcessorHandle handle;
    volatile ProcessorStatus.State state = ProcessorStatus.State.STARTING;
    volatile String reason;

    Running(DesiredInstance desired) {
      this.desired = desired;
    }

    DesiredInstance desired() {
      return desired;
    }

    ProcessorHandle handle() {
      return handle;
    }

    int restarts() {
      ProcessorHandle h = handle;
      return h == null ? 0 : h.restarts();
    }
  }

  private final Map<String, ProcessorDriver> drivers;
  private final StatusSink sink;
  /** Concurrent so that {@link #usage()} (the heartbeat) never waits for a reconcile in progress. */
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private List<DesiredInstance> lastDesired = List.of();
  private volatile boolean leaseValid;

  /** Null: the lease is only what {@link #leaseChanged} last said (tests). */
  private final BooleanSupplier leaseNow;

  public Reconciler(Map<String, ProcessorDriver> driversByKind, StatusSink sink) {
    this(driversByKind, sink, null);
  }

  /**
   * @param leaseNow whether the agent's lease holds at this moment; asked before every
   *     reconciliation, so that a desired set handled before the next periodic lease check (an
   *     agent resuming from a freeze) never starts an exclusive instance on a lease that has
   *     expired (found by the failover simulation, seed 4125)
   */
  public Reconciler(Map<String, ProcessorDriver> driversByKind, StatusSink sink, BooleanSupplier leaseNow) {
    this.drivers = Map.copyOf(driversByKind);
    this.sink = sink;
    this.leaseNow = leaseNow;
  }

  /**
   * Applies the complete desired set. Exclusive instances run only while the lease is valid;
   * without it they wait (see {@link #leaseChanged}).
   */
  public synchronized void reconcile(List<DesiredInstance> desired) {
    lastDesired = List.copyOf(desired);
    if (leaseNow != null && leaseNow.getAsBoolean() != leaseValid) {
      leaseValid = !leaseValid;
      if (!leaseValid) {
        stopExclusive();
      }
    }
    Map<String, DesiredInstance> want = new HashMap<>();
    desired.forEach(d -> want.put(d.getStreamId(), d));
    for (Running r : List.copyOf(running.values())) {
      DesiredInstance d = want.get(r.desired().getStreamId());
      if (d == null || d.getEpoch() != r.desired().getEpoch() || !d.equals(r.desired())) {
        stop(r, d == null ? "no longer assigned here" : "replaced by epoch " + d.getEpoch());
      }
    }
    for (DesiredInstance d : desired) {
      if (!running.containsKey(d.getStreamId()) && (leaseValid || !d.getExclusive())) {
        start(d);
      }
    }
  }

  /**
   * The agent's lease on its exclusive streams was renewed ({@code valid}) or ran out. When it
   * runs out every exclusive instance stops at once (the leader will start it elsewhere once the
   * lease has expired on its side too); when it is renewed they start again if still desired.
   * Overlap instances are not affected: they keep running without the control plane.
   */
  public void leaseChanged(boolean valid) {
    if (valid != leaseValid) { // checked without the lock first: called every few ms
      changeLease(valid);
    }
  }

  private synchronized void changeLease(boolean valid) {
    if (valid == leaseValid) {
      return;
    }
    leaseValid = valid;
    if (valid) {
      reconcile(lastDesired);
      return;
    }
    stopExclusive();
  }

  private void stopExclusive() {
    for (Running r : List.copyOf(running.values())) {
      if (r.desired().getExclusive()) {
        stop(r, "lease expired (no acknowledged heartbeat); exclusive processors never run without one");
        sink.status(r.desired().getStreamId(), r.desired().getEpoch(), ProcessorStatus.State.STOPPED, "lease expired", 0);
      }
    }
  }

  private void start(DesiredInstance d) {
    ProcessorDriver driver = drivers.get(d.getProcessor().getDriver());
    if (driver == null) {
      sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.FAILED,
          "this agent has no '" + d.getProcessor().getDriver() + "' driver (it runs: " + String.join(", ", drivers.keySet()) + ")", 0);
      return;
    }
    sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.STARTING, null, 0);
    try {
      Running instance = new Running(d);
      instance.handle = driver.start(d, listener(instance));
      running.put(d.getStreamId(), instance);
      log.info("started {} epoch {} ({} {})", d.getStreamId(), d.getEpoch(), d.getProcessor().getDriver(), d.getProcessor().getName());
    } catch (RuntimeException e) {
      sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.FAILED, e.getMessage(), 0);
    }
  }

  private InstanceListener listener(Running r) {
    DesiredInstance d = r.desired();
    return new InstanceListener() {
      @Override
      public void running() {
        remember(ProcessorStatus.State.RUNNING, null);
        sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.RUNNING, null, r.restarts());
      }

      @Override
      public void failed(String reason) {
        remember(ProcessorStatus.State.FAILED, reason);
        sink.status(d.getStreamId(), d.getEpoch(), ProcessorStatus.State.FAILED, reason, r.restarts());
      }

      private void remember(ProcessorStatus.State state, String reason) {
        r.state = state;
        r.reason = reason;
      }

      @Override
      public void event(long sequence, String kind, String payloadJson) {
        sink.event(d.getStreamId(), d.getEpoch(), sequence, kind, payloadJson);
      }
    };
  }


  private void stop(Running r, String why) {
    running.remove(r.desired().getStreamId());
    log.info("stopping {} epoch {}: {}", r.desired().getStreamId(), r.desired().getEpoch(), why);
    r.handle().stop();
  }

  /** Usage of every running instance, for the next heartbeat. Lock-free. */
  public List<ProcessorUsage> usage() {
    List<ProcessorUsage> out = new ArrayList<>();
    for (Running r : running.values()) {
      InstanceUsage u = r.handle().usage();
      out.add(ProcessorUsage.newBuilder()
          .setStreamId(r.desired().getStreamId()).setEpoch(r.desired().getEpoch())
          .setFps(u.fps()).setLatencyMsP50(u.latencyMsP50()).setFramesDropped(u.framesDropped())
          .setLastFrameMsAgo(u.lastFrameMsAgo()).setCpuPercent(u.cpuPercent()).setRssBytes(u.rssBytes())
          .build());
    }
    return out;
  }

  /**
   * Sends the current state of every instance again: after a reconnect the server may have
   * missed reports sent while the agent was cut off (the instances kept running meanwhile).
   */
  public synchronized void resendStatuses() {
    for (Running r : running.values()) {
      sink.status(r.desired().getStreamId(), r.desired().getEpoch(), r.state, r.reason, r.restarts());
    }
  }

  public synchronized int runningCount() {
    return running.size();
  }

  /** Stops every instance (the agent is exiting). */
  @Override
  public synchronized void close() {
    List.copyOf(running.values()).forEach(r -> stop(r, "agent stopping"));
  }
}
