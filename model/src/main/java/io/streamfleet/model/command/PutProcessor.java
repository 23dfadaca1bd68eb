package io.streamfleet.model.command;

import io.streamfleet.model.ProcessorSpec;

/**
 * Creates a processor spec at version 1 or, when its content differs from the current one,
 * stores it as the next version. The spec's own version field is ignored.
 */
public record PutProcessor(CommandMeta meta, ProcessorSpec spec) implements Command {
  public PutProcessor {
    java.util.Objects.requireNonNull(meta, "meta");
    java.util.Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String target() {
    return spec.name();
  }
}
