package io.streamfleet.simulation;

import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CommandType;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StateStore;

/**
 * The committed log, as the simulation has it: Raft is left out, so a command is committed and
 * applied to the real {@link StateStore} the moment it is submitted, at the next log index. The
 * store's change listeners (every server's controllers) run after each apply, as on the Raft
 * apply thread.
 */
final class CommittedState {
  private final StateStore store = new StateStore();
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
    CommandResult result = store.apply(command, index);
    trace.note(loop.now(), "#" + index + " " + CommandType.of(command).tag() + " " + command.target() + " -> "
        + result.code() + (result.isOk() ? "" : " (" + result.message() + ")"));
    return result;
  }

  StateStore store() {
    return store;
  }

  /** The state; callers only read it (commands go through {@link #submit}). One thread: no lock needed. */
  ClusterState read() {
    return store.read(s -> s);
  }

  long lastIndex() {
    return lastIndex;
  }
}
