package io.streamfleet.server.events;

import io.streamfleet.model.event.EventRecord;
import io.streamfleet.protocol.mqtt.MqttConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log's MQTT destination: each entry as the messages {@link MqttMessages} makes of it,
 * QoS 1, delivered when the broker acknowledged every one. Messages of a batch are published
 * together and acknowledged in order, so a broker that goes away mid-batch has the prefix.
 */
public final class EventPublisher implements LogDelivery.Sink {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final MqttConnection mqtt;
  private final MqttMessages messages;

  public EventPublisher(MqttConnection mqtt, MqttMessages messages) {
    this.mqtt = mqtt;
    this.messages = messages;
  }

  @Override
  public int deliver(List<EventRecord> batch) throws InterruptedException {
    if (!mqtt.connected()) {
      return 0;
    }
    List<List<CompletableFuture<Void>>> acks = new ArrayList<>();
    for (EventRecord e : batch) {
      List<CompletableFuture<Void>> one = new ArrayList<>();
      for (MqttMessages.Message m : messages.of(e)) {
        one.add(mqtt.publish(m.topic(), m.payload(), m.retained()));
      }
      acks.add(one);
    }
    int delivered = 0;
    for (List<CompletableFuture<Void>> one : acks) {
      try {
        CompletableFuture.allOf(one.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.debug("publishing event {} failed: {}", batch.get(delivered).id(), e.toString());
        return delivered;
      }
      delivered++;
    }
    return delivered;
  }
}
