package io.streamfleet.agent.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last sequence number given to each stream's events, per epoch: events of a stream and
 * epoch are numbered 1, 2, 3...; a new epoch starts again at 1. Consumers de-duplicate by
 * (stream, epoch, sequence), so a number must never be given twice.
 *
 * <p>Every epoch seen since the agent started is remembered (an old epoch's processor may still
 * report while it stops); that is a few entries per stream re-placement. Only each stream's
 * newest epoch is checkpointed ({@link #newestPerStream()}): after a restart an older epoch's
 * processor is no longer running here. Not thread-safe.
 */
final class EventSequences {
  private final Map<String, Map<Long, Long>> lastByStream = new HashMap<>();

  /** The number the next event of {@code streamId} at {@code epoch} gets (not yet taken). */
  long next(String streamId, long epoch) {
    return lastByStream.getOrDefault(streamId, Map.of()).getOrDefault(epoch, 0L) + 1;
  }

  /** {@code sequence} was given (now, or before a restart): later events number after it. */
  void taken(String streamId, long epoch, long sequence) {
    lastByStream.computeIfAbsent(streamId, s -> new HashMap<>()).merge(epoch, sequence, Math::max);
  }

  /** Each stream's newest epoch and the last sequence given in it. */
  List<StreamSequence> newestPerStream() {
    List<StreamSequence> out = new ArrayList<>();
    lastByStream.forEach((stream, byEpoch) -> byEpoch.entrySet().stream().max(Map.Entry.comparingByKey())
        .ifPresent(e -> out.add(new StreamSequence(stream, e.getKey(), e.getValue()))));
    return out;
  }
}
