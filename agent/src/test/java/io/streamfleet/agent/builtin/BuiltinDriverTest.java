package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.Eventually;
import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's path from a builtin processor's events to {@link InstanceListener#event}. The
 * cameras run on a manual clock whose sleeper moves time at once, so frames come as fast as the
 * processor takes them.
 */
class BuiltinDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant WALL_NOW = Instant.ofEpochSecond(1_780_000_000L, 250_000_000);

  private final ManualClock clock = new ManualClock(0);
  private final BuiltinDriver driver = new BuiltinDriver(
      new BuiltinProcessorFactory(clock, Clock.fixed(WALL_NOW, ZoneOffset.UTC), clock.sleeper(), HardwareDecode.NONE),
      clock);
  private final RecordingInstanceListener listener = new RecordingInstanceListener();
  private ProcessorHandle handle;

  @AfterEach
  void stopTheInstance() {
    if (handle != null) {
      handle.stop();
    }
  }

  private static DesiredInstance instance(String url, Map<String, String> params) {
    return DesiredInstance.newBuilder().setStreamId("cam-1").setEpoch(4).setUrl(url)
        .setProcessor(Processor.newBuilder().setName("synthetic").setDriver("builtin").setBuiltin("synthetic"))
        .putAllParams(params).build();
  }

  @Test
  void withFrameEventsOnAWallTimelineEveryFrameIsReportedWithItsNumberSinceTheUnixEpoch() {
    handle = driver.start(instance("synthetic://cam-1?fps=10&width=160&height=120&timeline=wall",
        Map.of("frame_events", "true")), listener);
    Eventually.await(WAIT, "five frame events", () -> listener.ofKind("frame").size() >= 5);
    handle.stop();

    // The first due at or after the start; cam-1's frames are due its phase after each 100 ms.
    long sinceEpoch = WALL_NOW.getEpochSecond() * 1_000_000_000L + WALL_NOW.getNano();
    long first = Math.ceilDiv(sinceEpoch - SyntheticCamera.Timeline.phaseOf("cam-1", 10), 100_000_000L);
    assertThat(listener.ofKind("frame").subList(0, 5)).containsExactly(
        new Event(first, "frame", "{\"frame\":" + first + "}"),
        new Event(first + 1, "frame", "{\"frame\":" + (first + 1) + "}"),
        new Event(first + 2, "frame", "{\"frame\":" + (first + 2) + "}"),
        new Event(first + 3, "frame", "{\"frame\":" + (first + 3) + "}"),
        new Event(first + 4, "frame", "{\"frame\":" + (first + 4) + "}"));
  }

  @Test
  void aMotionEventReachesTheInstanceListenerWithItsFrameInThePayload() {
    handle = driver.start(instance("synthetic://cam-1?fps=10&width=160&height=120", Map.of()), listener);
    Eventually.await(WAIT, "a motion start", () -> !listener.ofKind("motion_start").isEmpty());
    handle.stop();

    Event start = listener.ofKind("motion_start").getFirst();
    assertThat(start.payloadJson()).startsWith("{\"frame\":" + start.sequence() + ",\"changed_fraction\":");
    assertThat(listener.ofKind("frame")).as("frame_events is off by default").isEmpty();
  }

  record Event(long sequence, String kind, String payloadJson) {}

  private static final class RecordingInstanceListener implements InstanceListener {
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void running() {}

    @Override
    public void failed(String reason) {}

    @Override
    public void event(long sequence, String kind, String payloadJson) {
      events.add(new Event(sequence, kind, payloadJson));
    }

    List<Event> ofKind(String kind) {
      return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }
  }
}
