package io.streamfleet.model.command;

import java.util.List;
import java.util.Objects;

/**
 * The leader's job dispatch: each queued job, at {@code fromEpoch}, is leased to {@code node} at
 * epoch + 1. Re-checked on apply (still queued at that epoch, not fenced, the node ready and the
 * room free after streams and other jobs); skipped otherwise.
 */
public record DispatchJobs(CommandMeta meta, List<Dispatch> dispatches) implements Command {
  public DispatchJobs {
    Objects.requireNonNull(meta, "meta");
    dispatches = List.copyOf(dispatches);
  }

  public record Dispatch(String jobId, long fromEpoch, String node) {}

  @Override
  public String target() {
    return dispatches.size() + " jobs";
  }

  @Override
  public boolean audited() {
    return false;
  }
}
