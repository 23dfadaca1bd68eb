package io.streamfleet.simulation;

import io.grpc.stub.StreamObserver;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.ServerMessage;
import io.streamfleet.server.agents.AgentConnection;
import io.streamfleet.server.agents.AgentRegistry;
import io.streamfleet.server.agents.AgentServices;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.testing.ManualClock;
import io.streamfleet.server.failover.ManualTimers;
import io.streamfleet.server.failover.Timers;
import io.streamfleet.server.leader.Leader;
import io.streamfleet.server.leader.LeaderPorts;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.state.WriteUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server, built from the production {@link Leader} (every controller), {@link AgentRegistry}
 * and one {@link AgentConnection} per session, over simulated ports: its workers and timers are
 * events of the loop, its writes apply to the committed state at once, its sessions are simulated
 * connections. Nothing here decides anything; it only wires.
 *
 * <p>The ports add what the real world adds: each server has its own copy of the state; the failover
 * worker's commands take a Raft round trip ({@value #MIN_COMMIT_MS}–{@value #MAX_COMMIT_MS} ms),
 * pushes of desired sets leave after a random delay (so acknowledgements can overtake them), the
 * wall clock can step, and a deposed server goes on acting on a view that no longer moves, without
 * being able to commit.
 */
final class SimulatedServer {
  static final long MIN_COMMIT_MS = 1;
  static final long MAX_COMMIT_MS = 20;
  static final long MAX_PUSH_DELAY_MS = 30;
  /** RaftNode.heardFromMajorityWithin: 3/4 of the minimum election timeout (400 ms). */
  static final long LEASE_AUTHORITY_MS = 300;

  /** A wall clock that an operator or NTP can step; the monotonic clock never moves with it. */
  static final class SteppedClock extends Clock {
    private final Clock base;
    long offsetMs;

    SteppedClock(Clock base) {
      this.base = base;
    }

    @Override
    public long millis() {
      return base.millis() + offsetMs;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final String id;
  private final EventLoop loop;
  private final ManualClock clock;
  private final Network network;
  private final Random random;
  private final SteppedClock wallClock;
  private final AgentRegistry registry = new AgentRegistry();
  private final Leader leader;
  private final AgentServices services;
  private final CommittedState committed;
  private final io.streamfleet.server.state.StateStore store;
  private final Map<String, Long> workerBusyUntil = new HashMap<>();
  private boolean leading;
  private boolean canCommit = true;
  /** When it lost contact with its peers (deposed), or Long.MAX_VALUE. */
  private long cutOffAtMs = Long.MAX_VALUE;

  SimulatedServer(String id, DetectorSettings settings, EventLoop loop, ManualClock clock, Network network, CommittedState committed,
      Random random) {
    this.id = id;
    this.loop = loop;
    this.clock = clock;
    this.network = network;
    this.random = random;
    this.wallClock = new SteppedClock(clock);
    this.committed = committed;
    this.store = committed.newReplica();
    WritePort writes = command -> {
      if (!canCommit) {
        throw new WriteUnavailableException(id + " is cut off from its peers: nothing commits");
      }
      return committed.submit(command);
    };
    this.leader = Leader.create(store, settings, new RebalancePolicy(0.25, 0, 15_000),
        new LeaderPorts(wallClock, clock, this::worker, this::timers, writes, registry, () -> leading));
    this.services = new AgentServices(id, wallClock, writes, leader, registry, store, new LongAdder(), () -> leading,
        () -> leading && (cutOffAtMs == Long.MAX_VALUE || loop.now() - cutOffAtMs < LEASE_AUTHORITY_MS), () -> null, () -> null, settings.heartbeatIntervalMs(),
        settings.leaseMs());
  }

  String id() {
    return id;
  }

  boolean leading() {
    return leading;
  }

  Leader leader() {
    return leader;
  }

  long downs() {
    return leader.nodesDeclaredDown();
  }

  void becameLeader() {
    leading = true;
    leader.leadershipGained();
  }

  /** It learns that it lost: stops judging nodes and ends every session. */
  void lostLeadership() {
    leading = false;
    leader.leadershipLost();
  }

  /**
   * Cut off from its peers while it still believes it leads: nothing it proposes commits, and it
   * renews leases only while its last contact with a majority is fresh (as RaftNode checks).
   */
  void cutOffFromPeers() {
    canCommit = false;
    cutOffAtMs = loop.now();
    committed.cutOff(store); // its view of the state stops moving
  }

  /** Steps its wall clock by {@code deltaMs}. */
  void stepWallClock(long deltaMs) {
    wallClock.offsetMs += deltaMs;
  }

  /** A new session from an agent: the server's end of {@code c}. */
  StreamObserver<AgentMessage> accept(Connection c) {
    StreamObserver<ServerMessage> toAgent = new StreamObserver<>() {
      @Override
      public void onNext(ServerMessage m) {
        if (c.openAtLeader()) {
          network.toAgent(c, m);
        }
      }

      @Override
      public void onError(Throwable t) {
        network.closedByLeader(c, "the server reset the session");
      }

      @Override
      public void onCompleted() {
        network.closedByLeader(c, "the server ended the session");
      }
    };
    return new AgentConnection(toAgent, services, task -> loop.at(loop.now(), "session", c.node(), task));
  }

  /**
   * A serial worker as an event source. The failover worker's tasks each take a commit round trip;
   * the pusher's leave after a random delay; the others run at once, each as its own step.
   */
  private Executor worker(String name) {
    return task -> {
      long delay = switch (name) {
        case "failover" -> MIN_COMMIT_MS + random.nextLong(MAX_COMMIT_MS - MIN_COMMIT_MS + 1);
        case "desired-pusher" -> random.nextLong(MAX_PUSH_DELAY_MS + 1);
        default -> 0;
      };
      long at = Math.max(loop.now(), workerBusyUntil.getOrDefault(name, 0L)) + delay; // serial: in order
      workerBusyUntil.put(name, at);
      loop.at(at, name, id, task);
    };
  }

  private Timers timers(String name) {
    ManualTimers t = new ManualTimers(clock);
    loop.addTimers(id + "/" + name, t);
    return t;
  }
}
