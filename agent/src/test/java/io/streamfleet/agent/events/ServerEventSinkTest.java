package io.streamfleet.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.ProcessorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerEventSinkTest {
  private final ServerEventSink sink = new ServerEventSink();
  private final RecordingAcks acks = new RecordingAcks();
  private final List<AgentMessage> sent = new ArrayList<>();

  private static List<ProcessorEvent> events(long... offsets) {
    List<ProcessorEvent> out = new ArrayList<>();
    for (long offset : offsets) {
      out.add(ProcessorEvent.newBuilder().setStreamId("cam-1").setEpoch(1).setSequence(offset).setOutboxOffset(offset).build());
    }
    return out;
  }

  @Test
  void withoutARegisteredSessionItIsUnavailable() {
    assertThat(sink.deliver(events(1), acks)).isFalse();
  }

  @Test
  void sendsEachEventOnTheRegisteredSessionAsAnAgentMessage() {
    sink.sessionStarted(sent::add);

    assertThat(sink.deliver(events(1, 2), acks)).isTrue();

    assertThat(sent).extracting(m -> m.getEvent().getOutboxOffset()).containsExactly(1L, 2L);
  }

  @Test
  void aSendThatFailsOrAnEndedSessionMakesItUnavailable() {
    sink.sessionStarted(m -> false);
    assertThat(sink.deliver(events(1), acks)).isFalse();

    sink.sessionStarted(sent::add);
    sink.sessionEnded();
    assertThat(sink.deliver(events(1), acks)).isFalse();
    assertThat(sent).isEmpty();
  }

  @Test
  void aNewSessionSendsAgainWhatTheServerHadNotAcknowledged() {
    sink.sessionStarted(sent::add);
    sink.deliver(events(1, 2), acks);
    sink.acknowledged(1);
    sink.sessionEnded();

    sink.sessionStarted(sent::add);

    assertThat(acks.calls).containsExactly("ack 1", "rewind");
  }
}
