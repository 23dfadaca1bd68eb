package io.streamfleet.server.failover;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's failure detector. It watches agent sessions and heartbeats and hands its
 * verdicts to {@link Verdicts}; it never changes cluster state itself (the server turns verdicts
 * into commands). Two paths:
 *
 * <ul>
 *   <li>A session that closes (process killed, connection reset) makes its node suspect at once
 *       and down after {@code reconnectGraceMs} unless the node registers again meanwhile.
 *   <li>Heartbeat silence (power loss, partition, a stopped process: the connection stays open)
 *       makes the node suspect after {@code suspectAfterMs} and down after {@code downAfterMs}.
 * </ul>
 *
 * <p>After a leader change every node gets {@code leaderGraceMs} to find the new leader before
 * silence counts. A node that keeps losing its session is held suspect when it comes back
 * (flap damping) until it has stayed connected for {@code flapHoldMs}.
 *
 * <p>Time comes from the injected {@link Clock} and {@link Timers}. {@link #heartbeat} is the hot
 * path: one map read and one volatile write, no lock, so heartbeats are never delayed by a busy
 * detector, Raft or disk. Everything else is synchronized and cheap.
 */
public final class FailureDetector {
  /** Where verdicts go. Called from timer or session threads; implementations must not block long. */
  public interface Verdicts {
    void suspect(String nodeId, long incarnation, String reason);

    void ready(String nodeId, long incarnation, String reason);

    /** @param lastHeardMs when the node last showed a sign of life (for exclusive leases) */
    void down(String nodeId, long incarnation, String reason, long lastHeardMs);
  }

  /** What the detector knows of one node. */
  private static final class Watch {
    final long incarnation;
    volatile long lastHeardMs;
    volatile boolean silentSuspect;
    /** Set before the down verdict reads lastHeardMs; a heartbeat checks it after writing (see heartbeat). */
    volatile boolean down;
    boolean connected;
    boolean closedSuspect;
    boolean held;

    Watch(long incarnation, long lastHeardMs) {
      this.incarnation = incarnation;
      this.lastHeardMs = lastHeardMs;
    }
  }

  /** Flap penalty of one node: +1 per lost session, halving every half-life. */
  private record Penalty(double value, long atMs) {
    double at(long nowMs, long halfLifeMs) {
      return value * Math.pow(0.5, (double) (nowMs - atMs) / halfLifeMs);
    }
  }

  private final DetectorSettings settings;
  private final Clock clock;
  private final Timers timers;
  private final Verdicts verdicts;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final Map<String, Penalty> penalties = new ConcurrentHashMap<>();
  private boolean active;

  public FailureDetector(DetectorSettings settings, Clock clock, Timers timers, Verdicts verdicts) {
    this.settings = settings;
    this.clock = clock;
    this.timers = timers;
    this.verdicts = verdicts;
  }

  public DetectorSettings settings() {
    return settings;
  }

  /**
   * This server became leader. {@code nodes} are the nodes the committed state has as ready or
   * suspect, with their incarnations: each gets {@code leaderGraceMs} to register here.
   */
  public synchronized void becameLeader(Map<String, Long> nodes) {
    reset();
    active = true;
    long now = clock.millis();
    // Credit every node with a heartbeat in the future so that silence reaches down-after exactly
    // when the grace ends.
    long credited = now + settings.leaderGraceMs() - settings.downAfterMs();
    nodes.forEach((id, incarnation) -> {
      Watch w = new Watch(incarnation, credited);
      watches.put(id, w);
      scheduleSilenceCheck(id, w);
    });
  }

  /** This server is no longer leader: forget everything, emit nothing. */
  public synchronized void lostLeadership() {
    reset();
    active = false;
  }

  private void reset() {
    timers.cancelAll();
    watches.clear();
  }

  /**
   * The reason a node registering now would be held suspect (it has been flapping), or null.
   * Changes nothing: the registration is committed first, then {@link #registered} is called.
   */
  public synchronized String holdReason(String nodeId) {
    if (!active) {
      return null;
    }
    double penalty = penalty(nodeId, clock.millis());
    return penalty >= settings.flapThreshold() ? holdMessage(penalty) : null;
  }

  private String holdMessage(double penalty) {
    return String.format(java.util.Locale.ROOT, "flapping (penalty %.1f >= %.1f): held without new streams until connected for %d s",
        penalty, settings.flapThreshold(), settings.flapHoldMs() / 1000);
  }

  /**
   * A node registered (or re-registered) on this leader. Returns null, or the reason it is held
   * suspect because it has been flapping (the registration should carry it).
   */
  public synchronized String registered(String nodeId, long incarnation) {
    if (!active) {
      return null;
    }
    long now = clock.millis();
    timers.cancel(downKey(nodeId));
    Watch w = new Watch(incarnation, now);
    w.connected = true;
    watches.put(nodeId, w);
    scheduleSilenceCheck(nodeId, w);
    double penalty = penalty(nodeId, now);
    if (penalty >= settings.flapThreshold()) {
      w.held = true;
      timers.schedule(holdKey(nodeId), now + settings.flapHoldMs(), () -> releaseHold(nodeId, w));
      return holdMessage(penalty);
    }
    return null;
  }

  /**
   * A heartbeat from {@code nodeId}. Lock-free. Returns whether the node is still watched at this
   * incarnation: only then may its lease be renewed. Once a node has been declared down its
   * exclusive streams are released as of its last heartbeat, so a later acknowledgement would
   * let it run them alongside their new instances (found by the failover simulation, seed 1995).
   */
  public boolean heartbeat(String nodeId, long incarnation) {
    Watch w = watches.get(nodeId);
    if (w == null || w.incarnation != incarnation) {
      return false;
    }
    w.lastHeardMs = clock.millis();
    if (w.down) {
      // declareDown ran concurrently: it sets down before reading lastHeardMs, and this checks
      // after writing it, so either it saw this heartbeat or this sees the flag.
      return false;
    }
    if (w.silentSuspect) {
      timers.schedule(silenceKey(nodeId), clock.millis(), () -> checkSilence(nodeId, w));
    }
    return true;
  }

  /** The session of {@code nodeId} at {@code incarnation} closed or broke. */
  public synchronized void sessionClosed(String nodeId, long incarnation, String why) {
    Watch w = watches.get(nodeId);
    if (!active || w == null || w.incarnation != incarnation || !w.connected) {
      return;
    }
    long now = clock.millis();
    w.connected = false;
    w.closedSuspect = true;
    addPenalty(nodeId, now);
    timers.cancel(silenceKey(nodeId));
    timers.cancel(holdKey(nodeId));
    verdicts.suspect(nodeId, incarnation, "session closed (" + why + "); down unless it reconnects within "
        + settings.reconnectGraceMs() + " ms");
    timers.schedule(downKey(nodeId), now + settings.reconnectGraceMs(), () -> graceOver(nodeId, w, why));
  }

  private synchronized void graceOver(String nodeId, Watch w, String why) {
    if (watches.get(nodeId) == w && !w.connected) {
      declareDown(nodeId, w, "session closed (" + why + ") and no reconnect within " + settings.reconnectGraceMs() + " ms");
    }
  }

  private void scheduleSilenceCheck(String nodeId, Watch w) {
    long at = w.lastHeardMs + (w.silentSuspect ? settings.downAfterMs() : settings.suspectAfterMs());
    timers.schedule(silenceKey(nodeId), at, () -> checkSilence(nodeId, w));
  }

  private synchronized void checkSilence(String nodeId, Watch w) {
    if (watches.get(nodeId) != w || w.closedSuspect) {
      return; // replaced, or the closed-session path owns this node now
    }
    long silent = clock.millis() - w.lastHeardMs;
    if (silent >= settings.downAfterMs()) {
      addPenalty(nodeId, clock.millis());
      declareDown(nodeId, w, "no heartbeat for " + silent + " ms (limit " + settings.downAfterMs() + " ms)");
      return;
    }
    if (silent >= settings.suspectAfterMs()) {
      if (!w.silentSuspect) {
        w.silentSuspect = true;
        verdicts.suspect(nodeId, w.incarnation, "no heartbeat for " + silent + " ms; down after " + settings.downAfterMs() + " ms");
      }
    } else if (w.silentSuspect) {
      w.silentSuspect = false;
      if (!w.held) {
        verdicts.ready(nodeId, w.incarnation, "heartbeats resumed");
      }
    }
    scheduleSilenceCheck(nodeId, w);
  }

  private synchronized void releaseHold(String nodeId, Watch w) {
    if (watches.get(nodeId) != w || !w.held || !w.connected) {
      return;
    }
    w.held = false;
    if (!w.silentSuspect) {
      verdicts.ready(nodeId, w.incarnation, "stable for " + settings.flapHoldMs() / 1000 + " s after flapping");
    }
  }

  private void declareDown(String nodeId, Watch w, String reason) {
    w.down = true;
    watches.remove(nodeId);
    timers.cancel(silenceKey(nodeId));
    timers.cancel(downKey(nodeId));
    timers.cancel(holdKey(nodeId));
    verdicts.down(nodeId, w.incarnation, reason, w.lastHeardMs);
  }

  private void addPenalty(String nodeId, long now) {
    penalties.put(nodeId, new Penalty(penalty(nodeId, now) + 1, now));
  }

  private double penalty(String nodeId, long now) {
    Penalty p = penalties.get(nodeId);
    return p == null ? 0 : p.at(now, settings.flapHalfLifeMs());
  }

  /**
   * What the detector holds of {@code nodeId} at {@code incarnation} now: READY, SUSPECT (silent,
   * session closed, or held for flapping), or null when it does not watch it (unknown, down, not
   * leading). The committed state can lag behind or be overtaken by a verdict taken before a
   * re-registration; the leader makes it agree with this.
   */
  public synchronized io.streamfleet.model.NodeState verdict(String nodeId, long incarnation) {
    Watch w = watches.get(nodeId);
    if (!active || w == null || w.incarnation != incarnation || w.down) {
      return null;
    }
    return w.connected && !w.silentSuspect && !w.held ? io.streamfleet.model.NodeState.READY : io.streamfleet.model.NodeState.SUSPECT;
  }

  /** Whether {@code nodeId} is watched and connected here (for tests and the status page). */
  public synchronized boolean isConnected(String nodeId) {
    Watch w = watches.get(nodeId);
    return w != null && w.connected;
  }

  /** The node's current flap penalty. */
  public double flapPenalty(String nodeId) {
    return penalty(nodeId, clock.millis());
  }

  private static String silenceKey(String nodeId) {
    return "silence/" + nodeId;
  }

  private static String downKey(String nodeId) {
    return "down/" + nodeId;
  }

  private static String holdKey(String nodeId) {
    return "hold/" + nodeId;
  }
}
