package io.streamfleet.model.command;

import io.streamfleet.model.job.JobResult;
import java.util.List;
import java.util.Objects;

/**
 * What a node says about its job attempts. Each item applies only to the attempt the job has at
 * that epoch on that node (older reports are stale), except a {@code stopped} report, which also
 * lifts the fence of an attempt the job left behind there.
 */
public record ReportJobs(CommandMeta meta, String node, List<Item> items) implements Command {
  public static final String RUNNING = "running";
  /** The process exited by itself (or was killed at its timeout): the result says how. */
  public static final String EXITED = "exited";
  /** The node stopped it: it was no longer desired, or the node lost its lease or is shutting down. */
  public static final String STOPPED = "stopped";

  public ReportJobs {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(node, "node");
    items = List.copyOf(items);
  }

  /** @param result for {@link #EXITED}: how the attempt ended; otherwise null */
  public record Item(String jobId, long epoch, String phase, String reason, JobResult result) {}

  @Override
  public String target() {
    return node + " (" + items.size() + " job reports)";
  }

  @Override
  public boolean audited() {
    return false;
  }
}
