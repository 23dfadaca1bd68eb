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
  void textIsTheDefault() throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("text")).start()) {
      server.stop();
      assertThat(server.logText()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  StreamfleetServer - server s1 started");
    }
  }
}
