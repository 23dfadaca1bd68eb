package io.streamfleet.server.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.util.stream.Collectors;

/** Reads request bodies strictly, turning every Jackson complaint into a 400 that names the field. */
public final class JsonBodies {
  private JsonBodies() {}

  static <T> T read(Context ctx, Class<T> type) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw new ApiException(400, "empty_body", "the request body is empty; send a JSON object (Content-Type: application/json)");
    }
    try {
      T value = Json.mapper().readValue(body, type);
      if (value == null) {
        throw new ApiException(400, "invalid_body", "the request body is JSON null; send a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw new ApiException(400, "unknown_field", "unknown field '" + path(e) + "'; allowed fields here: " + known);
    } catch (JsonParseException e) {
      throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (MismatchedInputException e) {
      String field = path(e);
      String expected = e.getTargetType() == null ? "another type" : friendly(e.getTargetType());
      throw new ApiException(400, "invalid_field", (field.isEmpty() ? "the body" : "field '" + field + "'") + " has the wrong type; expected " + expected);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid_body", "the body cannot be read: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "invalid_body", "the body cannot be read: " + e.getMessage());
    }
  }

  /** Where in the body a mapping error is: {@code a.b[2].c}, or empty for the body itself. */
  public static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String friendly(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "an object of string values";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }
}
