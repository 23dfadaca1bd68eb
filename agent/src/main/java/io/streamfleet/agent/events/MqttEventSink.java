package io.streamfleet.agent.events;

import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.protocol.mqtt.MqttTopics;
import io.streamfleet.protocol.v1.ProcessorEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events to an MQTT broker ({@code --mqtt}): each published QoS 1 to
 * {@code {p}/streams/{stream}/events} as {@link MqttEventJson}. An event is acknowledged once its
 * PUBACK and those of every event published before it are in (cumulative, whatever order the
 * PUBACKs complete in). A failed publish abandons what is in flight and tells the pump, which
 * sends it again after its retry delay; a reconnect ({@link #reconnected()}) sends it again at once.
 *
 * <p>Thread-safe: the pump delivers on its thread; PUBACKs complete on the client's threads.
 */
public final class MqttEventSink implements EventSink {
  private static final Logger log = LoggerFactory.getLogger(MqttEventSink.class);
  public static final String NAME = "mqtt";

  /** What the sink needs of the broker connection: {@link MqttConnection}'s methods, or a fake in tests. */
  public interface Publisher {
    boolean connected();

    /** QoS 1; completes on PUBACK, exceptionally at once when not connected. */
    CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained);

    static Publisher of(MqttConnection connection) {
      return new Publisher() {
        @Override
        public boolean connected() {
          return connection.connected();
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
          return connection.publish(topic, payload, retained);
        }
      };
    }
  }

  /** A published event waiting for its PUBACK. */
  private static final class Unconfirmed {
    final long offset;
    boolean confirmed;

    Unconfirmed(long offset) {
      this.offset = offset;
    }
  }

  private final MqttTopics topics;
  private final Publisher publisher;
  private final Object lock = new Object();
  /** Published in this run of deliveries, oldest first; guarded by lock. */
  private final Deque<Unconfirmed> unconfirmed = new ArrayDeque<>();
  /** Changes whenever what is in flight is abandoned, so late PUBACKs of it are ignored; guarded by lock. */
  private long run;
  private Acks acks;

  public MqttEventSink(MqttTopics topics, Publisher publisher) {
    this.topics = topics;
    this.publisher = publisher;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean deliver(List<ProcessorEvent> events, Acks acks) {
    long thisRun;
    synchronized (lock) {
      this.acks = acks;
      if (!publisher.connected()) {
        abandon();
        return false;
      }
      thisRun = run;
    }
    for (ProcessorEvent event : events) {
      Unconfirmed u = new Unconfirmed(event.getOutboxOffset());
      synchronized (lock) {
        if (run != thisRun) {
          return false; // an earlier publish of this batch failed already
        }
        unconfirmed.addLast(u);
      }
      CompletableFuture<Void> puback;
      try {
        puback = publisher.publish(topics.streamEvents(event.getStreamId()), MqttEventJson.of(event), false);
      } catch (RuntimeException e) {
        puback = CompletableFuture.failedFuture(e);
      }
      puback.whenComplete((ok, error) -> completed(thisRun, u, error));
    }
    return true;
  }

  private void completed(long ofRun, Unconfirmed u, Throwable error) {
    Acks notify;
    long confirmedUpTo = -1;
    synchronized (lock) {
      if (ofRun != run) {
        return; // abandoned already: the pump sends it again
      }
      notify = acks;
      if (error != null) {
        abandon();
      } else {
        u.confirmed = true;
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().confirmed) {
          confirmedUpTo = unconfirmed.removeFirst().offset;
        }
      }
    }
    if (error != null) {
      if (publisher.connected()) {
        log.warn("MQTT broker did not take event at outbox offset {} ({}); sending it again shortly", u.offset, error.getMessage());
      } else {
        log.debug("MQTT publish failed, not connected: {}", error.getMessage());
      }
      notify.failed();
    } else if (confirmedUpTo >= 0) {
      notify.acknowledge(confirmedUpTo);
    }
  }

  /** The connection to the broker came (back) up: what was in flight on the old one is gone; deliver again now. */
  public void reconnected() {
    Acks notify;
    synchronized (lock) {
      abandon();
      notify = acks;
    }
    if (notify != null) {
      notify.rewind();
    }
  }

  /** Forgets what is in flight. Under the lock. */
  private void abandon() {
    run++;
    unconfirmed.clear();
  }
}
