package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer to {@code PUT /processors/{name}}: the version now current, whether it changed, and the
 * rollout the change started (streams use the processor), or null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessorWriteResult(String name, long version, boolean changed, RolloutView rollout) {
  public ProcessorWriteResult(String name, long version, boolean changed) {
    this(name, version, changed, null);
  }
}
