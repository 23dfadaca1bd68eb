package io.streamfleet.model.command;

import io.streamfleet.model.StreamSpec;

/** Adds a stream; rejected with {@code conflict} when the id exists. */
public record CreateStream(CommandMeta meta, StreamSpec spec) implements Command {
  @Override
  public String target() {
    return spec.id();
  }
}
