package io.streamfleet.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.protocol.v1.ProcessorEvent;
import io.streamfleet.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxPumpTest {
  private static final IntFunction<Duration> QUICK_RETRY = failures -> Duration.ofMillis(5);
  private static final IntFunction<Duration> NO_RETRY_WITHIN_THE_TEST = failures -> Duration.ofHours(1);

  /** A sink that records the offsets it is given; acknowledges at once only if told to. */
  private static final class FakeSink implements EventSink {
    final List<Long> delivered = new CopyOnWriteArrayList<>();
    final AtomicInteger refusals = new AtomicInteger();
    volatile boolean available = true;
    volatile boolean acknowledgeAtOnce;
    volatile Acks acks;

    @Override
    public String name() {
      return "server";
    }

    @Override
    public boolean deliver(List<ProcessorEvent> events, Acks acks) {
      this.acks = acks;
      if (!available) {
        refusals.incrementAndGet();
        return false;
      }
      events.forEach(e -> delivered.add(e.getOutboxOffset()));
      if (acknowledgeAtOnce) {
        acks.acknowledge(events.getLast().getOutboxOffset());
      }
      return true;
    }
  }

  @TempDir
  Path dir;
  private EventOutbox outbox;
  private final FakeSink sink = new FakeSink();
  private final List<OutboxPump> pumps = new ArrayList<>();

  @BeforeEach
  void openOutbox() throws IOException {
    outbox = EventOutbox.open(dir, "node-1", List.of("server"), OutboxLimits.DEFAULTS, new ManualClock(0));
  }

  @AfterEach
  void closeAll() {
    pumps.forEach(OutboxPump::close);
    outbox.close();
  }

  private OutboxPump start(int window, IntFunction<Duration> retryDelay) {
    OutboxPump pump = OutboxPump.start(outbox, sink, window, retryDelay);
    pumps.add(pump);
    return pump;
  }

  private void append(int count) {
    for (int i = 0; i < count; i++) {
      outbox.append("cam-" + (i % 3), 1, "motion_start", 0, null);
    }
  }

  private static List<Long> offsets(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void deliversEveryEventInOrderAndTheSinksAcknowledgementsMoveItsCursor() {
    sink.acknowledgeAtOnce = true;
    start(OutboxPump.DEFAULT_WINDOW, QUICK_RETRY);

    append(600); // more than two batches

    eventually().until(() -> sink.delivered.size() >= 600);
    assertThat(sink.delivered).containsExactlyElementsOf(offsets(1, 600));
    eventually().until(() -> outbox.cursor("server") == 600);
    assertThat(outbox.pending()).isZero();
  }

  @Test
  void neverHasMoreThanTheWindowUnacknowledged() {
    start(10, QUICK_RETRY);

    append(25);

    eventually().until(() -> sink.delivered.size() == 10);
    eventually().during(Duration.ofMillis(100)).until(() -> sink.delivered.size() == 10);
    sink.acks.acknowledge(4);
    eventually().until(() -> sink.delivered.size() == 14);
    eventually().during(Duration.ofMillis(100)).until(() -> sink.delivered.size() == 14);
    assertThat(sink.delivered).containsExactlyElementsOf(offsets(1, 14));
  }

  @Test
  void aRewindSendsAgainEverythingAfterTheLastAcknowledgement() {
    OutboxPump pump = start(OutboxPump.DEFAULT_WINDOW, QUICK_RETRY);
    append(5);
    eventually().until(() -> sink.delivered.size() == 5);
    sink.acks.acknowledge(2);

    pump.rewind(); // e.g. a new server session: what was in flight on the old one is lost

    eventually().until(() -> sink.delivered.size() == 8);
    assertThat(sink.delivered).containsExactly(1L, 2L, 3L, 4L, 5L, 3L, 4L, 5L);
    assertThat(pump.acknowledged()).isEqualTo(2);
  }

  @Test
  void aFailureReportedLaterSendsAgainFromTheLastAcknowledgementAfterTheDelay() {
    start(OutboxPump.DEFAULT_WINDOW, QUICK_RETRY);
    append(3);
    eventually().until(() -> sink.delivered.size() == 3);
    sink.acks.acknowledge(1);

    sink.acks.failed(); // e.g. a publish that was not confirmed

    eventually().until(() -> sink.delivered.size() == 5);
    assertThat(sink.delivered).containsExactly(1L, 2L, 3L, 2L, 3L);
  }

  @Test
  void anUnavailableSinkIsTriedAgainAfterTheRetryDelay() {
    sink.available = false;
    start(OutboxPump.DEFAULT_WINDOW, QUICK_RETRY);
    append(2);
    eventually().until(() -> sink.refusals.get() >= 3);

    sink.available = true;

    eventually().until(() -> sink.delivered.size() == 2);
    assertThat(sink.delivered).containsExactly(1L, 2L);
  }

  @Test
  void theRetryDelayIsAskedWithTheFailuresInARowAndStartsOverAfterASuccess() {
    List<Integer> asked = new CopyOnWriteArrayList<>();
    sink.available = false;
    start(OutboxPump.DEFAULT_WINDOW, failures -> {
      asked.add(failures);
      if (failures == 2) {
        sink.available = true;
      }
      return asked.size() < 4 ? Duration.ofMillis(1) : Duration.ofHours(1); // no more tries once the test has seen enough
    });

    append(1);
    eventually().until(() -> sink.delivered.size() == 1);
    sink.available = false;
    append(1);
    eventually().until(() -> asked.size() == 4);

    assertThat(asked).containsExactly(0, 1, 2, 0);
  }

  @Test
  void newEventsDoNotCutARetryDelayShortButAPokeDoes() {
    sink.available = false;
    OutboxPump pump = start(OutboxPump.DEFAULT_WINDOW, NO_RETRY_WITHIN_THE_TEST);
    append(1);
    eventually().until(() -> sink.refusals.get() == 1);
    sink.available = true;

    append(1);
    eventually().during(Duration.ofMillis(100)).until(() -> sink.delivered.isEmpty());
    pump.poke(); // the sink says it is back

    eventually().until(() -> sink.delivered.size() == 2);
    assertThat(sink.refusals.get()).isEqualTo(1);
  }

  @Test
  void afterARestartDeliveryResumesAfterTheCursor() throws IOException {
    append(4);
    outbox.acknowledge("server", 2);
    outbox.close();
    outbox = EventOutbox.open(dir, "node-1", List.of("server"), OutboxLimits.DEFAULTS, new ManualClock(0));

    start(OutboxPump.DEFAULT_WINDOW, QUICK_RETRY);

    eventually().until(() -> sink.delivered.size() == 2);
    assertThat(sink.delivered).containsExactly(3L, 4L);
  }

  @Test
  void aSinkThatThrowsIsTreatedAsUnavailable() {
    AtomicInteger calls = new AtomicInteger();
    EventSink flaky = new EventSink() {
      @Override
      public String name() {
        return "server";
      }

      @Override
      public boolean deliver(List<ProcessorEvent> events, Acks acks) {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("boom");
        }
        return sink.deliver(events, acks);
      }
    };
    pumps.add(OutboxPump.start(outbox, flaky, OutboxPump.DEFAULT_WINDOW, QUICK_RETRY));

    append(1);

    eventually().until(() -> sink.delivered.size() == 1);
    assertThat(calls.get()).isEqualTo(2);
  }

  /** Polls every few milliseconds (Awaitility's default is every 100). */
  private static org.awaitility.core.ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
  }
}
