package io.streamfleet.model.command;

import java.util.List;
import java.util.Objects;

/**
 * The leader takes leases back: each job, if still dispatched or running at {@code epoch} on
 * {@code node}, goes back to the queue (an HTTP worker stopped polling and heartbeating, or a
 * dispatched attempt never started). Counted as an attempt only if it had started.
 */
public record RequeueJobs(CommandMeta meta, List<Item> items) implements Command {
  public RequeueJobs {
    Objects.requireNonNull(meta, "meta");
    items = List.copyOf(items);
  }

  public record Item(String jobId, long epoch, String node, String reason) {}

  @Override
  public String target() {
    return items.size() + " jobs";
  }

  @Override
  public boolean audited() {
    return false;
  }
}
