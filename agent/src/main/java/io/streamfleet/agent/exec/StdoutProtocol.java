package io.streamfleet.agent.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How an exec processor talks to the agent: one line on stdout at a time.
 *
 * <h2>Protocol</h2>
 *
 * <ul>
 *   <li><b>Event</b>: a JSON object with a string field {@code "event"}, e.g. {@code
 *       {"event":"motion_start","changed_fraction":0.12}}. The kind is the value of {@code
 *       "event"}; the other fields are the payload, forwarded as JSON. The agent numbers events.
 *   <li><b>Metrics</b>: a JSON object with an object field {@code "metrics"}, e.g. {@code
 *       {"metrics":{"fps":9.8,"latency_ms":41,"frames_dropped":3}}}. Each field is optional; the
 *       latest value of each is reported with the heartbeat. Send about once a second.
 *   <li><b>Log</b>: anything else (including malformed JSON) is a plain log line. Readiness of
 *       kind {@code stdout} matches its pattern against every line.
 * </ul>
 *
 * Lines are UTF-8. Stderr is never parsed; its last lines explain a failure.
 */
public final class StdoutProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One parsed stdout line. */
  public sealed interface Line {
    /** An event of {@code kind}; {@code payloadJson} is the object without its "event" field. */
    record Event(String kind, String payloadJson) implements Line {}

    /** New metrics; a field the line did not carry is null. */
    record Metrics(Double fps, Double latencyMs, Long framesDropped) implements Line {}

    /** A plain log line. */
    record Log(String text) implements Line {}
  }

  private StdoutProtocol() {}

  public static Line parse(String line) {
    String trimmed = line.strip();
    if (!trimmed.startsWith("{")) {
      return new Line.Log(line);
    }
    JsonNode node;
    try {
      node = JSON.readTree(trimmed);
    } catch (JsonProcessingException e) {
      return new Line.Log(line);
    }
    if (!(node instanceof ObjectNode object)) {
      return new Line.Log(line);
    }
    JsonNode event = object.get("event");
    if (event != null && event.isTextual() && !event.asText().isEmpty()) {
      ObjectNode payload = object.deepCopy();
      payload.remove("event");
      return new Line.Event(event.asText(), payload.toString());
    }
    JsonNode metrics = object.get("metrics");
    if (metrics != null && metrics.isObject()) {
      return new Line.Metrics(number(metrics, "fps"), number(metrics, "latency_ms"), whole(metrics, "frames_dropped"));
    }
    return new Line.Log(line);
  }

  private static Double number(JsonNode metrics, String field) {
    JsonNode v = metrics.get(field);
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  private static Long whole(JsonNode metrics, String field) {
    JsonNode v = metrics.get(field);
    return v != null && v.isNumber() ? v.asLong() : null;
  }
}
