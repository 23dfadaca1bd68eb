package io.streamfleet.model.command;

/** Removes a processor spec; rejected with {@code conflict} while streams use it. */
public record DeleteProcessor(CommandMeta meta, String name) implements Command {
  public DeleteProcessor {
    java.util.Objects.requireNonNull(meta, "meta");
    java.util.Objects.requireNonNull(name, "name");
  }

  @Override
  public String target() {
    return name;
  }
}
