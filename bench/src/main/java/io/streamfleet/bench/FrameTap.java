package io.streamfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfleet.model.Json;
import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.protocol.mqtt.MqttMessage;
import io.streamfleet.protocol.mqtt.MqttSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every frame event as the agents produced it, before the server's de-duplication: agents started
 * with {@code --mqtt} publish each processor event of every instance, the successor's during a
 * hand-over included, to {@code {prefix}/streams/{stream}/events} (QoS 1, from their on-disk
 * outbox). The tap subscribes to all of them. A QoS 1 redelivery (same stream, epoch and seq) is
 * counted once ({@link #redeliveries()}); two instances' events for one frame are both kept: that
 * is what the server de-duplicates.
 */
final class FrameTap implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();

  private final MqttConnection mqtt;
  private final StreamFrames frames = new StreamFrames();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicLong redeliveries = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();

  FrameTap(String brokerUrl) throws InterruptedException {
    MqttSettings settings = MqttSettings.parse(brokerUrl);
    mqtt = MqttConnection.start(settings, "move-bench-tap", null, () -> { });
    if (!mqtt.awaitConnected(Duration.ofSeconds(10))) {
      throw new IllegalStateException("the frame tap could not connect to " + settings.redacted() + " in 10 s; is mosquitto running?");
    }
    mqtt.subscribe(settings.topics().prefix() + "/streams/+/events", this::take);
  }

  private void take(MqttMessage m) {
    JsonNode e;
    try {
      e = JSON.readTree(m.payload());
    } catch (IOException notJson) {
      unreadable.incrementAndGet();
      return;
    }
    if (!"frame".equals(e.path("kind").asText()) || !e.path("payload").has("frame")) {
      return; // motion_start / motion_end: not one per frame
    }
    String stream = e.path("stream").asText();
    long epoch = e.path("epoch").asLong();
    if (!seen.add(stream + "/" + epoch + "/" + e.path("seq").asLong())) {
      redeliveries.incrementAndGet();
      return;
    }
    frames.add(stream, e.path("payload").path("frame").asLong(), epoch);
  }

  StreamFrames frames() {
    return frames;
  }

  long redeliveries() {
    return redeliveries.get();
  }

  long unreadable() {
    return unreadable.get();
  }

  @Override
  public void close() {
    mqtt.close();
  }
}
