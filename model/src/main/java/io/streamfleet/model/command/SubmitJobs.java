package io.streamfleet.model.command;

import io.streamfleet.model.job.JobSpec;
import java.util.List;
import java.util.Objects;

/**
 * Jobs enter the queue, in this order, each with an id the proposer chose. A job whose
 * idempotency key is already known is not added again (the earlier job stands for it); a job
 * whose id exists, or whose dependency does not, is refused, and so is the whole command: a
 * batch is accepted whole or not at all.
 */
public record SubmitJobs(CommandMeta meta, List<JobSpec> jobs) implements Command {
  public SubmitJobs {
    Objects.requireNonNull(meta, "meta");
    jobs = List.copyOf(jobs);
  }

  @Override
  public String target() {
    return jobs.size() == 1 ? jobs.get(0).id() : jobs.size() + " jobs";
  }
}
