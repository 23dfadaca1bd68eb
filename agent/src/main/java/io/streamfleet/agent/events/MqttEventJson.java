package io.streamfleet.agent.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.streamfleet.model.Json;
import io.streamfleet.protocol.v1.ProcessorEvent;

/**
 * The JSON an event is published as on {@code {p}/streams/{stream}/events}:
 * {@code {"stream","epoch","seq","node","at_ms","kind","payload"}}, where payload is the
 * processor's JSON object (null when it sent none). Consumers de-duplicate by (stream, epoch, seq).
 */
final class MqttEventJson {
  private static final ObjectMapper MAPPER = Json.mapper();

  private MqttEventJson() {}

  static byte[] of(ProcessorEvent event) {
    ObjectNode json = MAPPER.createObjectNode()
        .put("stream", event.getStreamId())
        .put("epoch", event.getEpoch())
        .put("seq", event.getSequence())
        .put("node", event.getNodeId())
        .put("at_ms", event.getAtMs())
        .put("kind", event.getKind());
    json.set("payload", payload(event.getPayloadJson()));
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }

  /** The payload as JSON; a payload that is not JSON (drivers check it; a bug otherwise) is kept as a string rather than lost. */
  private static JsonNode payload(String payloadJson) {
    if (payloadJson.isEmpty()) {
      return NullNode.getInstance();
    }
    try {
      return MAPPER.readTree(payloadJson);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(payloadJson);
    }
  }
}
