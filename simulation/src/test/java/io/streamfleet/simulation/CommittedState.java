package io.streamfleet.simulation;

import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CommandType;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed log, as the simulation has it: Raft is left out, so a command is committed the
 * moment it is submitted, at the next log index, and applied to the reference state (what the
 * invariants judge) and to every server's own {@link StateStore} that is in contact with the
 * majority. A server cut off from its peers (a deposed leader that has not noticed) stops
 * receiving entries, as it would: its controllers act on a view that no longer moves. Each store's
 * change listeners (that server's controllers) run after each apply, as on its Raft apply thread.
 */
final class CommittedState {
  private final StateStore reference = new StateStore();
  private final List<StateStore> replicas = new ArrayList<>();
  private final EventLoop loop;
  private final Trace trace;
  private long lastIndex;

  CommittedState(EventLoop loop, Trace trace) {
    this.loop = loop;
    this.trace = trace;
  }

  /** Applies {@code command} at the next index; the caller checks the result as it would a commit's. */
  CommandResult submit(Command command) {
    long index = ++lastIndex;
    CommandResult result = reference.apply(command, index);
    for (StateStore replica : List.copyOf(replicas)) {
      replica.apply(command, index);
    }
    trace.note(loop.now(), "#" + index + " " + CommandType.of(command).tag() + " " + command.target() + " -> "
        + result.code() + (result.isOk() ? "" : " (" + result.message() + ")"));
    return result;
  }

  /** A new server's copy of the state, caught up to now (as from a snapshot), receiving every entry from now on. */
  StateStore newReplica() {
    StateStore replica = new StateStore();
    try {
      replica.restore(reference.snapshotBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    replicas.add(replica);
    return replica;
  }

  /** {@code replica}'s server lost contact with the majority: it receives no more entries. */
  void cutOff(StateStore replica) {
    replicas.remove(replica);
  }

  /** The reference state; callers only read it (commands go through {@link #submit}). One thread: no lock needed. */
  ClusterState read() {
    return reference.read(s -> s);
  }

  long lastIndex() {
    return lastIndex;
  }
}
