package io.streamfleet.simulation;

import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CommandType;
import io.streamfleet.server.state.ClusterState;

/**
 * The committed log, as the simulation has it: Raft is left out, so a command is committed and
 * applied to the real {@link ClusterState} the moment it is submitted, at the next log index.
 * After every apply (rejected ones too, as {@code StateStore} does) the change listener runs: the
 * current leader, which requests a push and a placement round.
 */
final class CommittedState {
  private final ClusterState state = ClusterState.initial();
  private final EventLoop loop;
  private final Trace trace;
  private Runnable onChange = () -> { };
  private long lastIndex;

  CommittedState(EventLoop loop, Trace trace) {
    this.loop = loop;
    this.trace = trace;
  }

  /** Applies {@code command} at the next index; the caller checks the result as it would a commit's. */
  CommandResult submit(Command command) {
    CommandResult result = state.apply(command, ++lastIndex);
    trace.note(loop.now(), "#" + lastIndex + " " + CommandType.of(command).tag() + " " + command.target() + " -> "
        + result.code() + (result.isOk() ? "" : " (" + result.message() + ")"));
    onChange.run();
    return result;
  }

  /** The state; callers only read it (commands go through {@link #submit}). */
  ClusterState read() {
    return state;
  }

  long lastIndex() {
    return lastIndex;
  }

  /** Who hears of every apply: the leader of the moment. */
  void onChange(Runnable listener) {
    this.onChange = listener;
  }
}
