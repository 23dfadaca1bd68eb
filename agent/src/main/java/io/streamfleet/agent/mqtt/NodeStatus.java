package io.streamfleet.agent.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamfleet.model.Json;
import io.streamfleet.protocol.mqtt.MqttTopics;
import io.streamfleet.protocol.mqtt.MqttWill;
import java.nio.charset.StandardCharsets;

/**
 * This node's retained status on {@code {p}/nodes/{node}/status}: a JSON object while the agent
 * is connected, {@code offline} (plain text) once it is gone, by its will or by a clean stop.
 *
 * @param zone null when the node has none (published as null)
 * @param sinceMs when this agent process started (wall clock)
 */
public record NodeStatus(String nodeId, String zone, String agentVersion, long sinceMs) {
  static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

  String topic(MqttTopics topics) {
    return topics.nodeStatus(nodeId);
  }

  /** The will: the broker publishes "offline" (retained) when it loses the agent without a clean stop. */
  MqttWill will(MqttTopics topics) {
    return new MqttWill(topic(topics), OFFLINE, true);
  }

  /** {@code {"state":"online","node","zone","agent_version","since_ms"}}. */
  byte[] online() {
    var json = Json.mapper().createObjectNode().put("state", "online").put("node", nodeId).put("zone", zone)
        .put("agent_version", agentVersion).put("since_ms", sinceMs);
    try {
      return Json.mapper().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }
}
