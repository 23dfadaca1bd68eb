package io.streamfleet.server.leader;

import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.server.failover.Timers;
import io.streamfleet.server.placement.MovePlanner;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: paces every planned change. Every {@link #TICK_MS} it proposes what {@link
 * MovePlanner} finds due: moves whose new instance missed its deadline are given up, draining
 * nodes send their next streams away (and are marked drained once empty), running rollouts move
 * their next streams to the new version. The hand-over itself needs no leader: a successor's
 * ready report makes it current when it is applied. All its state is replicated, so a new leader
 * picks a drain or rollout up where the last one left it.
 */
final class MigrationController {
  private static final Logger log = LoggerFactory.getLogger(MigrationController.class);
  static final long TICK_MS = 250;
  private static final String TICK = "migration/tick";

  private final StateStore store;
  private final MovePlanner planner;
  private final Measurements measurements;
  private final WritePort writes;
  private final BooleanSupplier leader;
  private final Clock wallClock;
  private final Clock monotonic;
  private final Executor worker;
  private final Timers timers;

  MigrationController(StateStore store, MovePlanner planner, Measurements measurements, LeaderPorts ports) {
    this.store = store;
    this.planner = planner;
    this.measurements = measurements;
    this.writes = ports.writes();
    this.leader = ports.isLeader();
    this.wallClock = ports.wallClock();
    this.monotonic = ports.monotonicClock();
    this.worker = ports.workers().apply("migration");
    this.timers = ports.timers().apply("migration");
  }

  void becameLeader() {
    schedule();
  }

  void lostLeadership() {
    timers.cancel(TICK);
  }

  private void schedule() {
    timers.schedule(TICK, monotonic.millis() + TICK_MS, () -> worker.execute(() -> {
      if (leader.getAsBoolean()) {
        step();
        schedule();
      }
    }));
  }

  private static String describe(Command c) {
    if (c instanceof io.streamfleet.model.command.MoveStreams m) {
      return m.moves().stream().map(x -> x.streamId() + "@" + x.fromEpoch() + "->" + x.toNode() + " (" + x.purpose()
          + (x.version() == 0 ? "" : " v" + x.version()) + ")").collect(java.util.stream.Collectors.joining(", "));
    }
    if (c instanceof io.streamfleet.model.command.AbortHandovers a) {
      return a.aborts().stream().map(x -> x.streamId() + "@" + x.epoch() + ": " + x.reason()).collect(java.util.stream.Collectors.joining(", "));
    }
    return c.target();
  }

  /** One pass: plans on the committed state and proposes each command in order (the apply re-checks every item). */
  void step() {
    CommandMeta meta = new CommandMeta(wallClock.millis(), "migration", "leader");
    List<Command> due = store.read(s -> planner.step(s, id -> measurements.of(s, id), meta));
    for (Command c : due) {
      try {
        CommandResult r = writes.submit(c);
        log.info("{} {}: {}", c.getClass().getSimpleName(), describe(c), r.isOk() ? "applied" : r.message());
      } catch (RuntimeException e) {
        log.warn("{} failed: {}", c.getClass().getSimpleName(), e.getMessage());
        return; // the next tick plans again on whatever was committed
      }
    }
  }
}
