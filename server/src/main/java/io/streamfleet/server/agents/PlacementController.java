package io.streamfleet.server.agents;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: after every state change, plans placements for pending streams and proposes them
 * as one command. Requests coalesce; the apply re-checks every placement, so a plan made on a
 * slightly old state is safe.
 */
final class PlacementController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlacementController.class);

  private final StateStore store;
  private final CommandSubmitter submitter;
  private final BooleanSupplier leader;
  private final Clock clock;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("placement").daemon().factory());
  private final AtomicBoolean pending = new AtomicBoolean();

  PlacementController(StateStore store, CommandSubmitter submitter, BooleanSupplier leader, Clock clock) {
    this.store = store;
    this.submitter = submitter;
    this.leader = leader;
    this.clock = clock;
  }

  void request() {
    if (!worker.isShutdown() && pending.compareAndSet(false, true)) {
      worker.execute(this::round);
    }
  }

  private void round() {
    pending.set(false);
    if (!leader.getAsBoolean()) {
      return;
    }
    LeastLoadedPlacement.Plan plan = store.read(LeastLoadedPlacement::plan);
    if (plan.isEmpty()) {
      return;
    }
    try {
      submitter.submit(new PlaceStreams(new CommandMeta(clock.millis(), "scheduler", "leader"), plan.placements(), plan.reasons()));
      if (!plan.placements().isEmpty()) {
        log.info("placed {} stream(s)", plan.placements().size());
      }
    } catch (RuntimeException e) {
      log.warn("placement round failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
