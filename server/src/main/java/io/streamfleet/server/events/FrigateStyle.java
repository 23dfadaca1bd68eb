package io.streamfleet.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.protocol.mqtt.MqttTopics;
import io.streamfleet.server.rules.RuleEvaluator;
import java.nio.charset.StandardCharsets;

/**
 * Processor events in Frigate's MQTT conventions, for dashboards and automations already written
 * against Frigate (Home Assistant's Frigate integration, Node-RED flows):
 *
 * <ul>
 *   <li>{@code motion_start}/{@code motion_end} → {@code {p}/{camera}/motion} {@code ON}/{@code OFF},
 *       retained;
 *   <li>any other kind (a detection: fire, smoke, person) → {@code {p}/events} with
 *       {@code type} {@code new} ({@code end} for a kind ending in {@code _end}) and {@code after}
 *       describing it: id (stream-epoch-seq), camera, label (the kind), score, zones.
 * </ul>
 */
final class FrigateStyle {
  private FrigateStyle() {}

  static MqttMessages.Message of(MqttTopics topics, EventRecord e) {
    if (e.kind().equals("motion_start") || e.kind().equals("motion_end")) {
      byte[] state = (e.kind().equals("motion_start") ? "ON" : "OFF").getBytes(StandardCharsets.UTF_8);
      return new MqttMessages.Message(topics.motion(e.stream()), state, true);
    }
    boolean end = e.kind().endsWith("_end");
    String label = end ? e.kind().substring(0, e.kind().length() - 4) : e.kind().endsWith("_start")
        ? e.kind().substring(0, e.kind().length() - 6) : e.kind();
    ObjectNode after = Json.mapper().createObjectNode();
    after.put("id", e.stream() + "-" + e.epoch() + "-" + e.seq());
    after.put("camera", e.stream());
    after.put("label", label);
    double score = RuleEvaluator.confidence(e.payload());
    after.put("score", score);
    after.put("top_score", score);
    after.put("start_time", e.atMs() / 1000.0);
    if (end) {
      after.put("end_time", e.atMs() / 1000.0);
    } else {
      after.putNull("end_time");
    }
    after.set("current_zones", e.zone() == null ? Json.mapper().createArrayNode() : Json.mapper().createArrayNode().add(e.zone()));
    after.put("false_positive", false);
    after.put("has_snapshot", false);
    after.put("has_clip", false);
    JsonNode payload = e.payload();
    if (payload != null) {
      after.set("data", payload);
    }
    ObjectNode message = Json.mapper().createObjectNode();
    message.put("type", end ? "end" : "new");
    message.set("before", after);
    message.set("after", after);
    return new MqttMessages.Message(topics.frigateEvents(), message.toString().getBytes(StandardCharsets.UTF_8), false);
  }
}
