package io.streamfleet.model.command;

import java.util.List;
import java.util.Objects;

/**
 * The leader gives up planned moves whose successor was not ready by its deadline: each
 * successor at {@code epoch} is dropped (its node stops it), the stream keeps running where it
 * is, and no new move of it starts before {@code retryAfterMs}. Items whose successor is no
 * longer in flight are skipped.
 */
public record AbortHandovers(CommandMeta meta, List<Abort> aborts) implements Command {
  public AbortHandovers {
    Objects.requireNonNull(meta, "meta");
    aborts = List.copyOf(aborts);
  }

  public record Abort(String streamId, long epoch, String reason, long retryAfterMs) {}

  @Override
  public String target() {
    return aborts.size() + " moves";
  }
}
