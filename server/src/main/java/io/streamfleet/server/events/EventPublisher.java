package io.streamfleet.server.events;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.EventsPublished;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's publisher of the event log to MQTT: it follows the log from where the previous
 * leader left off ({@code events.published}), publishes each entry with QoS 1, and moves on only
 * when the broker acknowledged. While the broker is away it waits and retries; nothing is skipped.
 * It commits its position at most once per {@link #MARK_EVERY_MS}, so a new leader repeats at most
 * that much (consumers de-duplicate by id).
 *
 * <p>Runs on its own thread from {@link #start} until {@link #stop}; only the leader runs one.
 */
public final class EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  static final long MARK_EVERY_MS = 1_000;
  private static final int BATCH = 500;

  private final StateStore store;
  private final EventSignal signal;
  private final WritePort writes;
  private final MqttConnection mqtt;
  private final MqttMessages messages;
  private final Clock clock;
  private volatile Thread thread;

  public EventPublisher(StateStore store, EventSignal signal, WritePort writes, MqttConnection mqtt, MqttMessages messages, Clock clock) {
    this.store = store;
    this.signal = signal;
    this.writes = writes;
    this.mqtt = mqtt;
    this.messages = messages;
    this.clock = clock;
  }

  public synchronized void start() {
    if (thread == null) {
      thread = Thread.ofPlatform().daemon().name("event-publisher").start(this::run);
    }
  }

  public synchronized void stop() {
    if (thread != null) {
      thread.interrupt();
      thread = null;
    }
  }

  private void run() {
    long published = store.read(s -> s.publishedEventId());
    long marked = published;
    long lastMarkMs = 0;
    long retryMs = 100;
    log.info("publishing the event log to MQTT after entry {}", published);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        long after = published;
        List<EventRecord> batch = store.read(s -> s.events(after, e -> true, BATCH));
        if (!batch.isEmpty()) {
          if (!publish(batch)) {
            // The broker is away (or refused): wait, then the same entries again.
            signal.awaitAfter(Long.MAX_VALUE, retryMs);
            retryMs = Math.min(2_000, retryMs * 2);
            continue;
          }
          retryMs = 100;
          published = batch.get(batch.size() - 1).id();
        }
        long now = clock.millis();
        if (published > marked && now - lastMarkMs >= MARK_EVERY_MS) {
          mark(published);
          marked = published;
          lastMarkMs = now;
        }
        if (batch.size() < BATCH) {
          signal.awaitAfter(published, published > marked ? MARK_EVERY_MS : 60_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Publishes the batch in order; true when the broker acknowledged every message. */
  private boolean publish(List<EventRecord> batch) throws InterruptedException {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (EventRecord e : batch) {
      for (MqttMessages.Message m : messages.of(e)) {
        acks.add(mqtt.publish(m.topic(), m.payload(), m.retained()));
      }
    }
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      log.debug("publishing {} event(s) failed: {}", batch.size(), e.getMessage());
      return false;
    }
  }

  private void mark(long upTo) {
    try {
      writes.submit(new EventsPublished(new CommandMeta(clock.millis(), "leader", "leader"), upTo));
    } catch (RuntimeException e) {
      log.debug("could not record the published position {}: {}", upTo, e.getMessage());
    }
  }
}
