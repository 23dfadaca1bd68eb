package io.streamfleet.model.command;

import java.util.Objects;

/** An operator cancels a job: queued ones end at once, a running attempt is stopped on its node. */
public record CancelJob(CommandMeta meta, String jobId, String reason) implements Command {
  public CancelJob {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public String target() {
    return jobId;
  }
}
