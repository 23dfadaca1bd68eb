package io.streamfleet.model.command;

import java.util.List;
import java.util.Objects;

/** The leader's retention: finished jobs past the count or age limit are forgotten (unfinished ones never). */
public record PurgeJobs(CommandMeta meta, List<String> jobIds) implements Command {
  public PurgeJobs {
    Objects.requireNonNull(meta, "meta");
    jobIds = List.copyOf(jobIds);
  }

  @Override
  public String target() {
    return jobIds.size() + " jobs";
  }

  @Override
  public boolean audited() {
    return false;
  }
}
