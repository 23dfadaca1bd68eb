package io.streamfleet.model.command;

/** Removes a stream and its assignment; rejected with {@code not_found} when absent. */
public record DeleteStream(CommandMeta meta, String id) implements Command {
  public DeleteStream {
    java.util.Objects.requireNonNull(meta, "meta");
    java.util.Objects.requireNonNull(id, "id");
  }

  @Override
  public String target() {
    return id;
  }
}
