package io.streamfleet.agent.events;

import io.streamfleet.protocol.v1.ProcessorEvent;
import java.util.List;

/** A destination of processor events (the server, an MQTT broker), fed by its own {@link OutboxPump}. */
public interface EventSink {
  /** The pump's handle, given with every delivery; usable from any thread, at any time later. */
  interface Acks {
    /** Every event up to {@code upToOffset} is taken (cumulative; a lower value than before changes nothing). */
    void acknowledge(long upToOffset);

    /**
     * What was delivered and not acknowledged is lost (the connection broke), or the sink is
     * available again: deliver once more from the last acknowledged offset, now.
     */
    void rewind();

    /**
     * What was delivered and not acknowledged is lost, and the sink is unavailable (a publish
     * failed): deliver again from the last acknowledged offset, after the retry delay.
     */
    void failed();
  }

  /** Names the sink's cursor in the outbox ({@code cursor-<name>}); stable across restarts. */
  String name();

  /**
   * Delivers these events (in order). Confirm by calling {@code acks.acknowledge(offset)}
   * cumulatively, possibly later, from any thread. Return false when the sink is unavailable now
   * (e.g. disconnected): the pump retries from the last acknowledged offset after a backoff, or
   * at once on {@link Acks#rewind()}. Should not block for long: it runs on the pump's thread.
   */
  boolean deliver(List<ProcessorEvent> events, Acks acks);
}
