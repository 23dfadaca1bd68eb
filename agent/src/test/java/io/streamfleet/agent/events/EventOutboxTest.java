package io.streamfleet.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamfleet.protocol.v1.ProcessorEvent;
import io.streamfleet.testing.ManualClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventOutboxTest {
  private static final long T0 = 1_800_000_000_000L;
  /** Every event in a segment of its own: segments roll at the first byte. */
  private static final OutboxLimits ONE_EVENT_PER_SEGMENT = new OutboxLimits(1_000_000, Duration.ofDays(7), 1);

  @TempDir
  Path dir;
  private final ManualClock clock = new ManualClock(T0);
  private final List<EventOutbox> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(EventOutbox::close);
  }

  private EventOutbox open(List<String> sinks, OutboxLimits limits) throws IOException {
    EventOutbox outbox = EventOutbox.open(dir, "node-1", sinks, limits, clock);
    opened.add(outbox);
    return outbox;
  }

  private EventOutbox open() throws IOException {
    return open(List.of("server"), OutboxLimits.DEFAULTS);
  }

  private ProcessorEvent motion(EventOutbox outbox, String stream, long epoch) {
    return outbox.append(stream, epoch, "motion_start", clock.millis(), "{\"changed_fraction\":0.1}");
  }

  private static List<String> ids(List<ProcessorEvent> events) {
    return events.stream().map(e -> e.getOutboxOffset() + ":" + e.getStreamId() + "@" + e.getEpoch() + "#" + e.getSequence()).toList();
  }

  @Test
  void appendedEventsAreReadInOrderWithEverythingThatIdentifiesThem() throws IOException {
    EventOutbox outbox = open();

    motion(outbox, "cam-1", 1);
    motion(outbox, "cam-2", 1);
    outbox.append("cam-1", 1, "motion_end", T0 + 5, null);

    List<ProcessorEvent> read = outbox.read("server", 0, 10);
    assertThat(ids(read)).containsExactly("1:cam-1@1#1", "2:cam-2@1#1", "3:cam-1@1#2");
    assertThat(read.getFirst().getNodeId()).isEqualTo("node-1");
    assertThat(read.getFirst().getPayloadJson()).isEqualTo("{\"changed_fraction\":0.1}");
    assertThat(read.get(2).getKind()).isEqualTo("motion_end");
    assertThat(read.get(2).getAtMs()).isEqualTo(T0 + 5);
    assertThat(read.get(2).getPayloadJson()).isEmpty();
    assertThat(ids(outbox.read("server", 1, 1))).containsExactly("2:cam-2@1#1");
  }

  @Test
  void acknowledgingMovesTheCursorAndWhatIsPending() throws IOException {
    EventOutbox outbox = open();
    for (int i = 0; i < 5; i++) {
      motion(outbox, "cam-1", 1);
    }
    assertThat(outbox.pending()).isEqualTo(5);

    outbox.acknowledge("server", 3);
    outbox.acknowledge("server", 2); // cumulative: a lower value changes nothing

    assertThat(outbox.cursor("server")).isEqualTo(3);
    assertThat(outbox.pending()).isEqualTo(2);
    assertThat(outbox.lastOffset()).isEqualTo(5);
  }

  @Test
  void anAcknowledgementBeyondTheNewestEventStopsAtIt() throws IOException {
    EventOutbox outbox = open();
    motion(outbox, "cam-1", 1);

    outbox.acknowledge("server", 99);

    assertThat(outbox.cursor("server")).isEqualTo(1);
    assertThat(motion(outbox, "cam-1", 1).getOutboxOffset()).as("still unacknowledged").isGreaterThan(outbox.cursor("server"));
  }

  @Test
  void sequencesCountPerStreamAndEpochAndANewEpochStartsAtOne() throws IOException {
    EventOutbox outbox = open();

    assertThat(motion(outbox, "cam-1", 1).getSequence()).isEqualTo(1);
    assertThat(motion(outbox, "cam-1", 1).getSequence()).isEqualTo(2);
    assertThat(motion(outbox, "cam-2", 1).getSequence()).isEqualTo(1);
    assertThat(motion(outbox, "cam-1", 2).getSequence()).as("new epoch").isEqualTo(1);
    assertThat(motion(outbox, "cam-1", 2).getSequence()).isEqualTo(2);
    assertThat(motion(outbox, "cam-1", 1).getSequence()).as("the old epoch, still stopping, goes on where it was").isEqualTo(3);
  }

  @Test
  void reopeningKeepsOffsetsSequencesAndCursors() throws IOException {
    EventOutbox first = open();
    motion(first, "cam-1", 1);
    motion(first, "cam-1", 1);
    motion(first, "cam-2", 4);
    first.acknowledge("server", 2);
    first.close();

    EventOutbox again = open();

    assertThat(again.lastOffset()).isEqualTo(3);
    assertThat(again.cursor("server")).isEqualTo(2);
    assertThat(ids(again.read("server", again.cursor("server"), 10))).containsExactly("3:cam-2@4#1");
    assertThat(ids(List.of(motion(again, "cam-1", 1), motion(again, "cam-2", 4)))).containsExactly("4:cam-1@1#3", "5:cam-2@4#2");
  }

  @Test
  void numberingSurvivesTheDeletionOfEverySegmentThatHeldIt() throws IOException {
    EventOutbox first = open(List.of("server"), ONE_EVENT_PER_SEGMENT);
    motion(first, "cam-1", 3);
    motion(first, "cam-1", 3);
    motion(first, "cam-2", 1);
    first.acknowledge("server", 3);
    first.close();
    open(List.of("server"), ONE_EVENT_PER_SEGMENT).close(); // deletes every acknowledged segment at open

    EventOutbox again = open(List.of("server"), ONE_EVENT_PER_SEGMENT);

    assertThat(segmentFiles()).as("only the new, empty segment").hasSize(1);
    assertThat(again.read("server", 0, 10)).isEmpty();
    assertThat(again.pending()).isZero();
    assertThat(ids(List.of(motion(again, "cam-1", 3), motion(again, "cam-2", 1), motion(again, "cam-1", 4))))
        .containsExactly("4:cam-1@3#3", "5:cam-2@1#2", "6:cam-1@4#1");
  }

  @Test
  void everyEventOfAnAgentKilledWithoutClosingIsThereAtTheNextOpen() throws IOException {
    EventOutbox killed = open(); // never closed: kill -9 keeps what was written (the OS has it), unlike a power loss
    motion(killed, "cam-1", 1);
    motion(killed, "cam-1", 1);

    EventOutbox next = open();

    assertThat(ids(next.read("server", next.cursor("server"), 10))).containsExactly("1:cam-1@1#1", "2:cam-1@1#2");
    assertThat(ids(List.of(motion(next, "cam-1", 1)))).containsExactly("3:cam-1@1#3");
  }

  @Test
  void aTornLastRecordIsCutOffAndEveryCompleteOneKept() throws IOException {
    EventOutbox first = open();
    motion(first, "cam-1", 1);
    motion(first, "cam-1", 1);
    motion(first, "cam-1", 1);
    first.close();
    Path last = segmentFiles().getLast();
    try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
      f.setLength(f.length() - 3); // kill -9 in the middle of the third write
    }

    EventOutbox again = open();

    List<ProcessorEvent> kept = again.read("server", 0, 10);
    assertThat(ids(kept)).containsExactly("1:cam-1@1#1", "2:cam-1@1#2");
    assertThat(Files.size(last)).as("cut at the end of the second record").isEqualTo(sizeOf(kept.get(0)) + sizeOf(kept.get(1)));
    assertThat(ids(List.of(motion(again, "cam-1", 1)))).as("the torn event was never complete, so never delivered")
        .containsExactly("3:cam-1@1#3");
    again.close();
    assertThat(ids(open().read("server", 0, 10))).containsExactly("1:cam-1@1#1", "2:cam-1@1#2", "3:cam-1@1#3");
  }

  @Test
  void aSegmentIsDeletedOnceEverySinkHasAcknowledgedIt() throws IOException {
    EventOutbox outbox = open(List.of("server", "mqtt"), ONE_EVENT_PER_SEGMENT);
    for (int i = 0; i < 4; i++) {
      motion(outbox, "cam-1", 1);
    }
    assertThat(outbox.segmentCount()).isEqualTo(4);

    outbox.acknowledge("server", 4);
    outbox.acknowledge("mqtt", 1);
    eventually().until(() -> outbox.segmentCount() == 3);
    assertThat(outbox.read("mqtt", 1, 10)).hasSize(3);
    assertThat(outbox.pending()).as("the slowest sink's backlog").isEqualTo(3);

    outbox.acknowledge("mqtt", 4);
    eventually().until(() -> outbox.segmentCount() == 1);
    assertThat(outbox.pending()).isZero();
  }

  @Test
  void aLaggingSinkHoldsSegmentsBackAcrossRestarts() throws IOException {
    EventOutbox first = open(List.of("server", "mqtt"), ONE_EVENT_PER_SEGMENT);
    motion(first, "cam-1", 1);
    motion(first, "cam-1", 1);
    first.acknowledge("server", 2);
    first.close();

    EventOutbox again = open(List.of("server", "mqtt"), ONE_EVENT_PER_SEGMENT);

    assertThat(again.cursor("mqtt")).isZero();
    assertThat(ids(again.read("mqtt", 0, 10))).containsExactly("1:cam-1@1#1", "2:cam-1@1#2");
  }

  @Test
  void aSinkAddedLaterStartsAtTheOldestEventPresent() throws IOException {
    EventOutbox first = open(List.of("server"), ONE_EVENT_PER_SEGMENT);
    for (int i = 0; i < 3; i++) {
      motion(first, "cam-1", 1);
    }
    first.close();

    EventOutbox again = open(List.of("server", "mqtt"), ONE_EVENT_PER_SEGMENT);

    assertThat(again.cursor("mqtt")).isZero();
    assertThat(ids(again.read("mqtt", again.cursor("mqtt"), 10))).containsExactly("1:cam-1@1#1", "2:cam-1@1#2", "3:cam-1@1#3");
  }

  @Test
  void aSinkNoLongerConfiguredHoldsNothingBack() throws IOException {
    EventOutbox first = open(List.of("server", "old-sink"), ONE_EVENT_PER_SEGMENT);
    for (int i = 0; i < 3; i++) {
      motion(first, "cam-1", 1);
    }
    first.acknowledge("server", 3);
    first.close();

    EventOutbox again = open(List.of("server"), ONE_EVENT_PER_SEGMENT);

    assertThat(again.segmentCount()).as("every segment the server has is deleted at open").isEqualTo(1);
    assertThat(dir.resolve("cursor-old-sink")).as("kept, in case it comes back").exists();
    assertThatThrownBy(() -> again.acknowledge("old-sink", 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its sinks are [server]");
  }

  @Test
  void overTheSizeBoundTheOldestSegmentsAreDroppedCountedAndTheCursorsMovedPastThem() throws IOException {
    long recordBytes = sizeOf(ProcessorEvent.newBuilder().setStreamId("cam-1").setEpoch(1).setSequence(1).setKind("motion_start")
        .setAtMs(T0).setPayloadJson("{\"changed_fraction\":0.1}").setOutboxOffset(1).setNodeId("node-1").build());
    // Room for 3 records; each in a segment of its own.
    EventOutbox outbox = open(List.of("server", "mqtt"), new OutboxLimits(3 * recordBytes, Duration.ofDays(7), 1));

    for (int i = 0; i < 6; i++) {
      motion(outbox, "cam-1", 1);
    }

    assertThat(outbox.dropped()).isEqualTo(3);
    assertThat(outbox.cursor("server")).isEqualTo(3);
    assertThat(outbox.cursor("mqtt")).isEqualTo(3);
    assertThat(ids(outbox.read("mqtt", 0, 10))).as("what is left, in order").containsExactly("4:cam-1@1#4", "5:cam-1@1#5", "6:cam-1@1#6");
    assertThat(outbox.pending()).isEqualTo(3);
  }

  @Test
  void eventsAcknowledgedByEverySinkAreNotCountedAsDropped() throws IOException {
    EventOutbox outbox = open(List.of("server"), new OutboxLimits(1, Duration.ofDays(7), 1));
    motion(outbox, "cam-1", 1);
    outbox.acknowledge("server", 1);

    motion(outbox, "cam-1", 1); // over the bound: the first segment goes, acknowledged

    assertThat(outbox.dropped()).isZero();
    assertThat(ids(outbox.read("server", 0, 10))).containsExactly("2:cam-1@1#2");
  }

  @Test
  void segmentsOlderThanTheAgeBoundAreDropped() throws IOException {
    EventOutbox outbox = open(List.of("server"), new OutboxLimits(1_000_000, Duration.ofHours(1), 1));
    motion(outbox, "cam-1", 1);
    motion(outbox, "cam-1", 1);
    clock.set(T0 + Duration.ofMinutes(59).toMillis());
    motion(outbox, "cam-1", 1);
    assertThat(outbox.dropped()).as("not an hour old yet").isZero();

    clock.set(T0 + Duration.ofMinutes(61).toMillis());
    motion(outbox, "cam-1", 1);

    assertThat(outbox.dropped()).isEqualTo(2);
    assertThat(outbox.cursor("server")).isEqualTo(2);
    assertThat(ids(outbox.read("server", 0, 10))).containsExactly("3:cam-1@1#3", "4:cam-1@1#4");
  }

  @Test
  void theAgeBoundAppliesAtOpenToo() throws IOException {
    EventOutbox first = open(List.of("server"), new OutboxLimits(1_000_000, Duration.ofHours(1), 1));
    motion(first, "cam-1", 1);
    first.close();
    clock.set(T0 + Duration.ofHours(2).toMillis());

    EventOutbox again = open(List.of("server"), new OutboxLimits(1_000_000, Duration.ofHours(1), 1));

    assertThat(again.dropped()).isEqualTo(1);
    assertThat(again.read("server", 0, 10)).isEmpty();
    assertThat(motion(again, "cam-1", 1).getSequence()).as("numbering goes on").isEqualTo(2);
  }

  @Test
  void appendsFromManyThreadsGetDistinctOffsetsAndGaplessSequences() throws Exception {
    EventOutbox outbox = open(List.of("server"), new OutboxLimits(1_000_000, Duration.ofDays(1), 4096));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String stream = "cam-" + t;
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 200; i++) {
          motion(outbox, stream, 1);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }

    List<ProcessorEvent> all = outbox.read("server", 0, 10_000);
    assertThat(all).extracting(ProcessorEvent::getOutboxOffset).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 800).boxed().toList());
    for (int t = 0; t < 4; t++) {
      String stream = "cam-" + t;
      assertThat(all.stream().filter(e -> e.getStreamId().equals(stream)).map(ProcessorEvent::getSequence))
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
    }
  }

  @Test
  void afterCloseAppendsFailAndAcknowledgementsAreIgnored() throws IOException {
    EventOutbox outbox = open();
    motion(outbox, "cam-1", 1);
    outbox.close();

    assertThatThrownBy(() -> motion(outbox, "cam-1", 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    outbox.acknowledge("server", 1);
    assertThat(open().cursor("server")).isZero();
  }

  private static long sizeOf(ProcessorEvent e) {
    return OutboxRecord.encode(e).length;
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(OutboxSegment.SUFFIX)).sorted().toList();
    }
  }

  /** Polls every few milliseconds (Awaitility's default is every 100). */
  private static org.awaitility.core.ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
  }
}
