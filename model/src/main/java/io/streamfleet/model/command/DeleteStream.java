package io.streamfleet.model.command;

/** Removes a stream and its assignment; rejected with {@code not_found} when absent. */
public record DeleteStream(CommandMeta meta, String id) implements Command {
  @Override
  public String target() {
    return id;
  }
}
