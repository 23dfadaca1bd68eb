package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs are human-readable by default and one JSON object per line with --log-format json. */
@Tag("integration")
class StructuredLoggingIT {
  @TempDir Path tmp;

  @Test
  void jsonLogFormatWritesOneJsonObjectPerLine() throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("data"), "--log-format", "json").start()) {
      server.stop();
      List<String> logLines = server.logText().lines().filter(l -> l.startsWith("{")).toList();
      assertThat(logLines).isNotEmpty();
      for (String line : logLines) {
        JsonNode n = Json.mapper().readTree(line);
        assertThat(n.has("level")).as(line).isTrue();
        assertThat(n.has("formattedMessage")).as(line).isTrue();
      }
      assertThat(logLines).anyMatch(l -> l.contains("server s1 started"));
    }
  }

  @Test
  void aWritesLogLineCarriesItsTraceIdEvenWithoutACollector() throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("traced"), "--insecure", "--log-format", "json").start()) {
      server.client().createStream(new io.streamfleet.model.StreamRequest("cam-1", "synthetic://cam-1", "motion", null, null, null, null,
          null, null, null));
      server.stop();
      JsonNode line = null;
      for (String l : server.logText().lines().filter(x -> x.startsWith("{")).toList()) {
        JsonNode n = Json.mapper().readTree(l);
        if (n.path("formattedMessage").asText().startsWith("POST /api/v1/streams 201")) {
          line = n;
        }
      }
      assertThat(line).as("the write's log line").isNotNull();
      assertThat(line.path("mdc").path("trace_id").asText()).matches("[0-9a-f]{32}");
      assertThat(line.path("mdc").path("span_id").asText()).matches("[0-9a-f]{16}");
    }
  }

  @Test
  void textIsTheDefault() throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("text")).start()) {
      server.stop();
      assertThat(server.logText()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  StreamfleetServer - server s1 started");
    }
  }
}
