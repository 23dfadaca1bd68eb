package io.streamfleet.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.protocol.mqtt.MqttTopics;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The MQTT messages one event-log entry becomes (topics per shared/CONTRACT.md). Every payload is
 * the entry as JSON, with its log id and, for processor events, (stream, epoch, seq): a consumer
 * de-duplicates by either after a leader change re-published a few.
 */
public final class MqttMessages {
  /** One message to publish. */
  public record Message(String topic, byte[] payload, boolean retained) {}

  private final MqttTopics topics;
  private final boolean frigate;

  /**
   * @param frigate also publish processor events the way Frigate does, for tools that read its
   *     topics: {@code {p}/{camera}/motion} ON/OFF (retained) and detections on {@code {p}/events}
   */
  public MqttMessages(MqttTopics topics, boolean frigate) {
    this.topics = topics;
    this.frigate = frigate;
  }

  public List<Message> of(EventRecord e) {
    byte[] json = json(e);
    return switch (e.type()) {
      case EventTypes.PROCESSOR -> processor(e, json);
      case EventTypes.ASSIGNMENT -> List.of(new Message(topics.orchestrationAssign(), json, false));
      case EventTypes.MIGRATION -> List.of(new Message(topics.orchestrationMigrate(), migration(e), false));
      case EventTypes.UNASSIGNED -> List.of(new Message(topics.orchestrationMigrate(), migration(e), false));
      case EventTypes.HANDOVER -> List.of(new Message(topics.orchestrationMigrate(), json, false));
      // The agent owns nodes/{node}/status (online, or its last will's offline); the control
      // plane's verdict (ready, suspect, down) goes beside it.
      case EventTypes.NODE -> List.of(new Message(topics.prefix() + "/nodes/" + e.node() + "/state", json, true));
      case EventTypes.RULE -> rule(e, json);
      case EventTypes.STREAM -> List.of(new Message(topics.streamHealth(e.stream()), json, true));
      case EventTypes.ROLLOUT -> List.of(new Message(topics.prefix() + "/orchestration/rollout", json, false));
      case EventTypes.JOB -> e.payload() != null && e.payload().hasNonNull("job")
          ? List.of(new Message(topics.prefix() + "/jobs/" + e.payload().get("job").asText(), json, false)) : List.of();
      default -> List.of();
    };
  }

  private List<Message> processor(EventRecord e, byte[] json) {
    Message event = new Message(topics.streamEvents(e.stream()), json, false);
    if (!frigate) {
      return List.of(event);
    }
    return List.of(event, FrigateStyle.of(topics, e));
  }

  /**
   * A firing goes to {@code {p}/alerts/{rule}}, and its action to the rule's own topic (outside the
   * prefix, e.g. {@code gpio/pump/pump-01}): the action payload when it fires (the firing's JSON if
   * the rule names none), the stop payload when it ends.
   */
  private List<Message> rule(EventRecord e, byte[] json) {
    Message alert = new Message(topics.alerts(e.rule()), json, false);
    JsonNode p = e.payload();
    if (p == null || !p.hasNonNull("action_topic") || !p.has("action_payload")) {
      return List.of(alert);
    }
    JsonNode action = p.get("action_payload");
    byte[] body = action.isNull() ? json : action.asText().getBytes(StandardCharsets.UTF_8);
    return List.of(alert, new Message(p.get("action_topic").asText(), body, false));
  }

  /** A migration as the NVR seed's consumers read it: from, to, epoch, reason. */
  private static byte[] migration(EventRecord e) {
    ObjectNode o = Json.mapper().valueToTree(e);
    o.put("from", e.fromNode());
    if (e.node() == null) {
      o.putNull("to");
    } else {
      o.put("to", e.node());
    }
    return bytes(o);
  }

  private static byte[] json(EventRecord e) {
    return bytes(e);
  }

  private static byte[] bytes(Object o) {
    try {
      return Json.mapper().writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
