package io.streamfleet.model.command;

import io.streamfleet.model.StreamSpec;

/** Adds a stream; rejected with {@code conflict} when the id exists. */
public record CreateStream(CommandMeta meta, StreamSpec spec) implements Command {
  public CreateStream {
    java.util.Objects.requireNonNull(meta, "meta");
    java.util.Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String target() {
    return spec.id();
  }
}
