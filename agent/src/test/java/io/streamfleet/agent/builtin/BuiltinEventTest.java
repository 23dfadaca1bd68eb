package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aFrameEventIsOfKindFrameWithTheFrameNumberAsItsWholePayload() {
    BuiltinEvent event = BuiltinEvent.frame(17_800_000_002L);

    assertThat(event.kind()).isEqualTo("frame");
    assertThat(event.frame()).isEqualTo(17_800_000_002L);
    assertThat(event.payloadJson()).isEqualTo("{\"frame\":17800000002}");
  }

  @Test
  void aMotionEventKeepsItsKindAndAddsTheFrameItWasDecidedOnToItsPayload() {
    BuiltinEvent event = BuiltinEvent.of(MotionEvent.start(42, 4_200_000_000L, 0.25));

    assertThat(event.kind()).isEqualTo("motion_start");
    assertThat(event.frame()).isEqualTo(42);
    assertThat(event.payloadJson()).isEqualTo("{\"frame\":42,\"changed_fraction\":0.25}");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.0001, 0.5, 1})
  void everyPayloadIsAJsonObjectWithTheFrame(double changedFraction) throws Exception {
    for (BuiltinEvent event : new BuiltinEvent[] {
        BuiltinEvent.of(MotionEvent.end(7, 0, changedFraction)), BuiltinEvent.frame(7)}) {
      JsonNode payload = JSON.readTree(event.payloadJson());

      assertThat(payload.isObject()).as(event.payloadJson()).isTrue();
      assertThat(payload.get("frame").asLong()).isEqualTo(7);
    }
    JsonNode motion = JSON.readTree(BuiltinEvent.of(MotionEvent.end(7, 0, changedFraction)).payloadJson());
    assertThat(motion.get("changed_fraction").asDouble()).isEqualTo(changedFraction);
  }
}
