package io.streamfleet.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import io.streamfleet.protocol.mqtt.MqttTopics;
import io.streamfleet.protocol.v1.ProcessorEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MqttEventSinkTest {
  /** A broker connection whose PUBACKs the test completes. */
  private static final class FakePublisher implements MqttEventSink.Publisher {
    record Published(String topic, String payload, boolean retained, CompletableFuture<Void> puback) {}

    final List<Published> published = new ArrayList<>();
    boolean connected = true;

    @Override
    public boolean connected() {
      return connected;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
      CompletableFuture<Void> puback = new CompletableFuture<>();
      published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), retained, puback));
      return puback;
    }

    void confirm(int i) {
      published.get(i).puback().complete(null);
    }
  }

  private final FakePublisher broker = new FakePublisher();
  private final MqttEventSink sink = new MqttEventSink(new MqttTopics("streamfleet"), broker);
  private final RecordingAcks acks = new RecordingAcks();

  private static ProcessorEvent event(long offset, String stream, String payloadJson) {
    return ProcessorEvent.newBuilder().setStreamId(stream).setEpoch(2).setSequence(offset + 10).setNodeId("node-1").setAtMs(1_700)
        .setKind("motion_start").setPayloadJson(payloadJson).setOutboxOffset(offset).build();
  }

  @Test
  void publishesEachEventAsJsonToItsStreamsTopicWithQos1NotRetained() throws IOException {
    assertThat(sink.deliver(List.of(event(1, "cam-1", "{\"changed_fraction\":0.25}"), event(2, "cam-2", "")), acks)).isTrue();

    assertThat(broker.published).extracting(FakePublisher.Published::topic)
        .containsExactly("streamfleet/streams/cam-1/events", "streamfleet/streams/cam-2/events");
    assertThat(broker.published).noneMatch(FakePublisher.Published::retained);
    JsonNode first = Json.mapper().readTree(broker.published.get(0).payload());
    assertThat(first.toString()).isEqualTo(
        "{\"stream\":\"cam-1\",\"epoch\":2,\"seq\":11,\"node\":\"node-1\",\"at_ms\":1700,\"kind\":\"motion_start\","
            + "\"payload\":{\"changed_fraction\":0.25}}");
    assertThat(Json.mapper().readTree(broker.published.get(1).payload()).get("payload").isNull()).isTrue();
  }

  @Test
  void anEventIsAcknowledgedOnceItAndEveryEarlierOneAreConfirmed() {
    sink.deliver(List.of(event(1, "cam-1", ""), event(2, "cam-1", ""), event(3, "cam-2", "")), acks);

    broker.confirm(1);
    assertThat(acks.calls).as("event 1 is not confirmed yet").isEmpty();
    broker.confirm(0);
    assertThat(acks.calls).containsExactly("ack 2");
    broker.confirm(2);
    assertThat(acks.calls).containsExactly("ack 2", "ack 3");
  }

  @Test
  void aFailedPublishAbandonsWhatIsInFlightAndTellsThePumpOnce() {
    sink.deliver(List.of(event(1, "cam-1", ""), event(2, "cam-1", ""), event(3, "cam-1", "")), acks);

    broker.published.get(0).puback().completeExceptionally(new IllegalStateException("connection lost"));
    broker.published.get(1).puback().completeExceptionally(new IllegalStateException("connection lost"));
    broker.confirm(2);

    assertThat(acks.calls).containsExactly("failed");
  }

  @Test
  void aPublishThatFailsAtOnceEndsTheDelivery() {
    MqttEventSink failing = new MqttEventSink(new MqttTopics("streamfleet"), new MqttEventSink.Publisher() {
      @Override
      public boolean connected() {
        return true; // lost just now
      }

      @Override
      public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
        return CompletableFuture.failedFuture(new IllegalStateException("not connected to the MQTT broker"));
      }
    });

    assertThat(failing.deliver(List.of(event(1, "cam-1", ""), event(2, "cam-1", "")), acks)).isFalse();
    assertThat(acks.calls).containsExactly("failed");
  }

  @Test
  void whileDisconnectedItIsUnavailable() {
    broker.connected = false;

    assertThat(sink.deliver(List.of(event(1, "cam-1", "")), acks)).isFalse();
    assertThat(broker.published).isEmpty();
  }

  @Test
  void aReconnectRewindsAndConfirmationsFromBeforeItAreIgnored() {
    sink.deliver(List.of(event(1, "cam-1", "")), acks);

    sink.reconnected();
    broker.confirm(0);

    assertThat(acks.calls).containsExactly("rewind");
  }
}
