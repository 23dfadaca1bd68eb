package io.streamfleet.model.command;

import io.streamfleet.model.AssignmentState;
import java.util.Objects;

/**
 * A processor instance's state as its agent reported it. Applied only when the stream is still
 * assigned to {@code node} at {@code epoch}; a report about an older epoch is ignored.
 */
public record ReportStatus(
    CommandMeta meta, String streamId, String node, long epoch, AssignmentState state, String reason, int restarts)
    implements Command {
  public ReportStatus {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(state, "state");
  }

  @Override
  public String target() {
    return streamId;
  }

  @Override
  public boolean audited() {
    return false;
  }
}
