package io.streamfleet.model.command;

import java.util.Objects;

/** An operator queues a failed or canceled job again, with a fresh budget of attempts. */
public record RetryJob(CommandMeta meta, String jobId) implements Command {
  public RetryJob {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public String target() {
    return jobId;
  }
}
