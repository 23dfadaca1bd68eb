package io.streamfleet.agent.events;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The agent's processor events from the outbox to every sink: opens the {@link EventOutbox} with
 * a cursor per sink and runs an {@link OutboxPump} per sink, the server's always (the session
 * hands its {@link ServerEventSink} each registered stream) and any others (MQTT).
 *
 * <p>{@link #close()} stops the pumps, then flushes and closes the outbox: what the sinks had not
 * acknowledged is delivered after the next start. Idempotent.
 */
public final class EventDelivery implements AutoCloseable {
  private final EventOutbox outbox;
  private final ServerEventSink serverSink;
  private final List<OutboxPump> pumps;

  private EventDelivery(EventOutbox outbox, ServerEventSink serverSink, List<OutboxPump> pumps) {
    this.outbox = outbox;
    this.serverSink = serverSink;
    this.pumps = pumps;
  }

  /**
   * @param otherSinks sinks besides the server (each must have its own name)
   * @param retryDelay a pump's wait before trying an unavailable sink again, by failures in a row
   */
  public static EventDelivery start(Path dir, String nodeId, OutboxLimits limits, List<EventSink> otherSinks, Clock clock,
      IntFunction<Duration> retryDelay) throws IOException {
    ServerEventSink serverSink = new ServerEventSink();
    List<EventSink> sinks = Stream.concat(Stream.of(serverSink), otherSinks.stream()).toList();
    EventOutbox outbox = EventOutbox.open(dir, nodeId, sinks.stream().map(EventSink::name).toList(), limits, clock);
    List<OutboxPump> pumps = new ArrayList<>();
    for (EventSink sink : sinks) {
      pumps.add(OutboxPump.start(outbox, sink, OutboxPump.DEFAULT_WINDOW, retryDelay));
    }
    return new EventDelivery(outbox, serverSink, List.copyOf(pumps));
  }

  public EventOutbox outbox() {
    return outbox;
  }

  public ServerEventSink serverSink() {
    return serverSink;
  }

  @Override
  public void close() {
    pumps.forEach(OutboxPump::close);
    outbox.close();
  }
}
