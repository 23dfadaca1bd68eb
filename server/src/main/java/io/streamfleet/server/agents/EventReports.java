package io.streamfleet.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.streamfleet.model.Ids;
import io.streamfleet.model.Json;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.protocol.v1.ProcessorEvent;
import java.io.IOException;
import java.util.regex.Pattern;

/** Agent event messages as items of {@code events.append}, checked like any other input. */
final class EventReports {
  /** A payload larger than this is replaced by a note saying so: the log is replicated. */
  static final int MAX_PAYLOAD_BYTES = 16 * 1024;
  private static final Pattern KIND = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private EventReports() {}

  /** The event as a log item, or null when it cannot be one (the reason is logged by the caller). */
  static AppendEvents.Item toItem(ProcessorEvent e) {
    if (!Ids.isValid(e.getStreamId()) || e.getEpoch() < 1 || e.getSequence() < 1 || !KIND.matcher(e.getKind()).matches()) {
      return null;
    }
    return new AppendEvents.Item(e.getStreamId(), e.getEpoch(), e.getSequence(), e.getKind(), e.getAtMs(), payload(e.getPayloadJson()));
  }

  /** Why {@link #toItem} refuses {@code e}. */
  static String problem(ProcessorEvent e) {
    return "event " + e.getKind() + " of stream '" + e.getStreamId() + "' epoch " + e.getEpoch() + " seq " + e.getSequence()
        + " is malformed (a valid stream id, epoch and seq >= 1, and a kind of letters, digits and _.:- are needed)";
  }

  private static JsonNode payload(String json) {
    if (json.isEmpty()) {
      return null;
    }
    if (json.length() > MAX_PAYLOAD_BYTES) {
      return TextNode.valueOf("payload of " + json.length() + " bytes dropped: events carry at most " + MAX_PAYLOAD_BYTES);
    }
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      return TextNode.valueOf(json); // not JSON: kept as text
    }
  }
}
