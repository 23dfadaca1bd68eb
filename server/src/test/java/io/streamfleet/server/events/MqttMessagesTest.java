package io.streamfleet.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.protocol.mqtt.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each event-log entry becomes on MQTT, with and without Frigate's conventions. */
class MqttMessagesTest {
  private final MqttMessages plain = new MqttMessages(new MqttTopics("nvr"), false);
  private final MqttMessages frigate = new MqttMessages(new MqttTopics("frigate"), true);

  @Test
  void processorEventsGoToTheirStreamsTopic() {
    List<MqttMessages.Message> out = plain.of(processor("motion_start", null));
    assertThat(out).extracting(MqttMessages.Message::topic).containsExactly("nvr/streams/cam-1/events");
    assertThat(json(out.get(0)).path("seq").asLong()).isEqualTo(7);
    assertThat(out.get(0).retained()).isFalse();
  }

  @Test
  void aCameraGoingAwayIsRetainedOnItsStreamsHealthTopic() {
    EventRecord away = new EventRecord(5, EventTypes.STREAM, 1, "cam-1", 3L, null, "n1", null, "north", "degraded",
        "Connection refused", null, null);
    List<MqttMessages.Message> out = plain.of(away);
    assertThat(out).extracting(MqttMessages.Message::topic).containsExactly("nvr/streams/cam-1/health");
    assertThat(out.get(0).retained()).isTrue();
    assertThat(json(out.get(0)).path("kind").asText()).isEqualTo("degraded");
  }

  @Test
  void migrationsSayFromAndToAndUnassignedStreamsHaveNoTarget() throws Exception {
    EventRecord moved = new EventRecord(5, EventTypes.MIGRATION, 1, "cam-1", 3L, null, "n2", "n1", "north", null, "n1 down", null, null);
    JsonNode m = json(plain.of(moved).get(0));
    assertThat(plain.of(moved).get(0).topic()).isEqualTo("nvr/orchestration/migrate");
    assertThat(m.path("from").asText()).isEqualTo("n1");
    assertThat(m.path("to").asText()).isEqualTo("n2");
    assertThat(m.path("epoch").asLong()).isEqualTo(3);
    EventRecord waiting = new EventRecord(6, EventTypes.UNASSIGNED, 1, "cam-1", 3L, null, null, "n1", "north", null, "no room", null, null);
    assertThat(json(plain.of(waiting).get(0)).path("to").isNull()).isTrue();
    EventRecord node = new EventRecord(7, EventTypes.NODE, 1, null, null, null, "n1", null, "north", "down", "silent", null, null);
    assertThat(plain.of(node)).singleElement().satisfies(x -> {
      assertThat(x.topic()).isEqualTo("nvr/nodes/n1/state");
      assertThat(x.retained()).isTrue();
    });
  }

  @Test
  void frigateStyleMotionIsOnOffAndDetectionsAreFrigateEvents() {
    assertThat(frigate.of(processor("motion_start", null))).extracting(MqttMessages.Message::topic)
        .containsExactly("frigate/streams/cam-1/events", "frigate/cam-1/motion");
    MqttMessages.Message on = frigate.of(processor("motion_start", null)).get(1);
    assertThat(new String(on.payload(), StandardCharsets.UTF_8)).isEqualTo("ON");
    assertThat(on.retained()).isTrue();
    assertThat(new String(frigate.of(processor("motion_end", null)).get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("OFF");

    MqttMessages.Message fire = frigate.of(processor("fire", JsonNodeFactory.instance.objectNode().put("confidence", 0.93))).get(1);
    assertThat(fire.topic()).isEqualTo("frigate/events");
    JsonNode f = json(fire);
    assertThat(f.path("type").asText()).isEqualTo("new");
    assertThat(f.path("after").path("label").asText()).isEqualTo("fire");
    assertThat(f.path("after").path("camera").asText()).isEqualTo("cam-1");
    assertThat(f.path("after").path("score").asDouble()).isEqualTo(0.93);
    assertThat(f.path("after").path("current_zones").get(0).asText()).isEqualTo("north");
    assertThat(json(frigate.of(processor("person_end", null)).get(1)).path("type").asText()).isEqualTo("end");
  }

  @Test
  void aFiringGoesToItsAlertAndItsActionTopicAndAnExtensionOnlyToTheAlert() {
    List<MqttMessages.Message> fired = plain.of(rule("fired", "ON"));
    assertThat(fired).extracting(MqttMessages.Message::topic).containsExactly("nvr/alerts/fire-north", "gpio/pump/pump-01");
    assertThat(new String(fired.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("ON");

    List<MqttMessages.Message> firedWithoutPayload = plain.of(rule("fired", null));
    assertThat(json(firedWithoutPayload.get(1)).path("payload").path("firing_id").asText()).as("the entry itself").isEqualTo("fire-north-1");

    EventRecord extended = new EventRecord(9, EventTypes.RULE, 1, null, null, null, null, null, "north", "extended", null, "fire-north",
        JsonNodeFactory.instance.objectNode().put("firing_id", "fire-north-1").put("action_topic", "gpio/pump/pump-01"));
    assertThat(plain.of(extended)).extracting(MqttMessages.Message::topic).containsExactly("nvr/alerts/fire-north");
  }

  private static EventRecord processor(String kind, JsonNode payload) {
    return new EventRecord(4, EventTypes.PROCESSOR, 1_000, "cam-1", 2L, 7L, "n1", null, "north", kind, null, null, payload);
  }

  private static EventRecord rule(String phase, String actionPayload) {
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("firing_id", "fire-north-1").put("action_topic", "gpio/pump/pump-01");
    if (actionPayload == null) {
      p.putNull("action_payload");
    } else {
      p.put("action_payload", actionPayload);
    }
    return new EventRecord(8, EventTypes.RULE, 1, null, null, null, null, null, "north", phase, "consensus", "fire-north", p);
  }

  private static JsonNode json(MqttMessages.Message m) {
    try {
      return Json.mapper().readTree(m.payload());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
