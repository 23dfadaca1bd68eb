package io.streamfleet.client;

import io.streamfleet.model.api.JobView;
import java.util.List;

/**
 * Jobs as {@code GET /api/v1/jobs} lists them, newest first.
 *
 * @param total how many jobs match the filter; more than {@code jobs.size()} when the limit cut the list
 */
public record JobPage(List<JobView> jobs, long total) {
  public JobPage {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
  }
}
