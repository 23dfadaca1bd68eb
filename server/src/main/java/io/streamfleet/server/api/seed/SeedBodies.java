package io.streamfleet.server.api.seed;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.streamfleet.model.Json;
import io.streamfleet.server.api.ApiException;
import java.io.IOException;

/**
 * Reads the FFmpeg farm seed's request bodies leniently: its workers send fields Streamfleet does
 * not use (and newer agents send more), so unknown fields are ignored; a known field of the wrong
 * type is still a 400 that names it.
 */
public final class SeedBodies {
  /** Snake case like the rest of the API, but unknown fields are ignored. */
  static final ObjectMapper LENIENT = Json.newMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private SeedBodies() {}

  public static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw new ApiException(400, "empty_body", "the request body is empty; send a JSON object (Content-Type: application/json)");
    }
    try {
      T value = LENIENT.readValue(body, type);
      if (value == null) {
        throw new ApiException(400, "invalid_body", "the request body is JSON null; send a JSON object");
      }
      return value;
    } catch (JsonParseException e) {
      throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (MismatchedInputException e) {
      throw wrongType(e);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid_body", "the body cannot be read: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "invalid_body", "the body cannot be read: " + e.getMessage());
    }
  }

  /** A tree read leniently into {@code type} (the same errors as {@link #read}). */
  static <T> T convert(JsonNode tree, Class<T> type) {
    try {
      return LENIENT.treeToValue(tree, type);
    } catch (MismatchedInputException e) {
      throw wrongType(e);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid_body", "the body cannot be read: " + e.getOriginalMessage());
    }
  }

  private static ApiException wrongType(MismatchedInputException e) {
    String field = io.streamfleet.server.api.JsonBodies.path(e);
    return new ApiException(400, "invalid_field", (field.isEmpty() ? "the body" : "field '" + field + "'") + " has the wrong type: "
        + e.getOriginalMessage().lines().findFirst().orElse(""));
  }
}
