package io.streamfleet.model.command;

import io.streamfleet.model.AssignmentState;
import java.util.List;
import java.util.Objects;

/**
 * Several processor status reports of one node in one command: while one batch is being
 * committed the next reports queue up, so a node starting many processors at once (a failover)
 * costs a few commits, not one per report. Each item is applied like a {@link ReportStatus}.
 */
public record ReportStatuses(CommandMeta meta, String node, List<Item> items) implements Command {
  public ReportStatuses {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(node, "node");
    items = items == null ? List.of() : List.copyOf(items);
  }

  /** One report: {@code streamId} at {@code epoch} is in {@code state}. */
  public record Item(String streamId, long epoch, AssignmentState state, String reason, int restarts) {}

  @Override
  public String target() {
    return node + " (" + items.size() + " reports)";
  }

  @Override
  public boolean audited() {
    return false;
  }
}
