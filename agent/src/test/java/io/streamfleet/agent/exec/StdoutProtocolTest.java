package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.exec.StdoutProtocol.Line;
import org.junit.jupiter.api.Test;

class StdoutProtocolTest {
  @Test
  void anObjectWithAnEventFieldIsAnEventWhosePayloadIsTheRest() {
    assertThat(StdoutProtocol.parse("{\"event\":\"motion\",\"area\":0.25}"))
        .isEqualTo(new Line.Event("motion", "{\"area\":0.25}"));
  }

  @Test
  void aMetricsObjectCarriesFpsLatencyAndDroppedFrames() {
    assertThat(StdoutProtocol.parse("{\"metrics\":{\"fps\":9.8,\"latency_ms\":40,\"frames_dropped\":3}}"))
        .isEqualTo(new Line.Metrics(9.8, 40.0, 3L));
  }

  @Test
  void missingMetricsAreNull() {
    assertThat(StdoutProtocol.parse("{\"metrics\":{\"fps\":5}}")).isEqualTo(new Line.Metrics(5.0, null, null));
  }

  @Test
  void anythingElseIsALogLine() {
    assertThat(StdoutProtocol.parse("listening on :8080")).isEqualTo(new Line.Log("listening on :8080"));
    assertThat(StdoutProtocol.parse("{not json")).isEqualTo(new Line.Log("{not json"));
    assertThat(StdoutProtocol.parse("{\"event\":42}")).isEqualTo(new Line.Log("{\"event\":42}"));
    assertThat(StdoutProtocol.parse("{\"other\":1}")).isEqualTo(new Line.Log("{\"other\":1}"));
    assertThat(StdoutProtocol.parse("")).isEqualTo(new Line.Log(""));
  }
}
