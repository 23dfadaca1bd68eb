package io.streamfleet.model.command;

import io.streamfleet.model.StreamSpec;

/** Replaces a stream's spec; rejected with {@code not_found} when the id does not exist. */
public record UpdateStream(CommandMeta meta, StreamSpec spec) implements Command {
  @Override
  public String target() {
    return spec.id();
  }
}
