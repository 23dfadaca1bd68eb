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
 *
 * <p>The envelope may also carry {@code "trace"}: the W3C traceparent of the request that proposed
 * the command. It sits beside the body, not in it, so the state machine never sees it (applying
 * stays a function of the body alone) and a build that predates it ignores it.
 */
public final class CommandCodec {
  /** The command format this build writes. Readers accept 1..FORMAT. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = Json.newMapper();

  private CommandCodec() {}

  public static byte[] encode(Command command) {
    return encode(command, null);
  }

  /** @param traceparent the proposing request's W3C traceparent, or null */
  public static byte[] encode(Command command, String traceparent) {
    ObjectNode envelope = MAPPER.createObjectNode();
    envelope.put("type", CommandType.of(command).tag());
    envelope.put("v", FORMAT);
    envelope.set("body", MAPPER.valueToTree(command));
    if (traceparent != null) {
      envelope.put("trace", traceparent);
    }
    try {
      return MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A decoded command and the traceparent its envelope carried (null when none). */
  public record Decoded(Command command, String traceparent) {}

  public static Command decode(byte[] bytes) {
    return decodeWithTrace(bytes).command();
  }

  public static Decoded decodeWithTrace(byte[] bytes) {
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
    JsonNode trace = envelope.get("trace");
    try {
      return new Decoded(MAPPER.treeToValue(body, type.type()), trace != null && trace.isTextual() ? trace.asText() : null);
    } catch (IOException e) {
      throw new IllegalArgumentException("command '" + tag + "' has an invalid body: " + e.getMessage(), e);
    }
  }
}
