package io.streamfleet.model.command;

import io.streamfleet.model.StreamSpec;

/** Replaces a stream's spec; rejected with {@code not_found} when the id does not exist. */
public record UpdateStream(CommandMeta meta, StreamSpec spec) implements Command {
  public UpdateStream {
    java.util.Objects.requireNonNull(meta, "meta");
    java.util.Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String target() {
    return spec.id();
  }
}
