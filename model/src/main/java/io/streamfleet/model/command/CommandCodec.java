package io.streamfleet.model.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Commands on the wire and in the Raft log: {@code {"type": TAG, "v": FORMAT, "body": {...}}}.
 * Decoding refuses unknown tags and formats newer than this build understands, so an old server
 * never silently misapplies a newer log.
 */
public final class CommandCodec {
  /** The command format this build writes. Readers accept 1..FORMAT. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = Json.newMapper();

  private CommandCodec() {}

  public static byte[] encode(Command command) {
    ObjectNode envelope = MAPPER.createObjectNode();
    envelope.put("type", CommandType.of(command).tag());
    envelope.put("v", FORMAT);
    envelope.set("body", MAPPER.valueToTree(command));
    try {
      return MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Command decode(byte[] bytes) {
    JsonNode envelope;
    try {
      envelope = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("command is not valid JSON: " + e.getMessage(), e);
    }
    String tag = envelope.path("type").asText(null);
    CommandType type = tag == null ? null : CommandType.ofTag(tag);
    if (type == null) {
      throw new IllegalArgumentException("unknown command type '" + tag + "'; written by a newer Streamfleet? Upgrade this server.");
    }
    int format = envelope.path("v").asInt(-1);
    if (format < 1 || format > FORMAT) {
      throw new IllegalArgumentException("command format " + format + " of '" + tag + "' is not supported (this build reads 1.." + FORMAT + "); written by a newer Streamfleet? Upgrade this server.");
    }
    JsonNode body = envelope.get("body");
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("command '" + tag + "' has no body object");
    }
    try {
      return MAPPER.treeToValue(body, type.type());
    } catch (IOException e) {
      throw new IllegalArgumentException("command '" + tag + "' has an invalid body: " + e.getMessage(), e);
    }
  }
}
