package io.streamfleet.agent.events;

import io.streamfleet.model.Ids;
import io.streamfleet.protocol.v1.ProcessorEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's on-disk log of processor events: every event is written here before anything else
 * sees it, and stays until every configured sink (the server, an MQTT broker) has acknowledged
 * it. It survives agent restarts and sink outages, within {@link OutboxLimits}.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Offsets.</b> Each event gets the next global offset (1, 2, 3...; never reused, also
 *       across restarts). The log is a row of segment files ({@link OutboxSegment}) named by
 *       their first offset; the newest is the one appended to. A run never appends to a file
 *       holding events of an earlier run: it begins a new segment, so a recovered file is only read.
 *   <li><b>Identity.</b> Each event is numbered per stream and epoch ({@link EventSequences});
 *       consumers de-duplicate by (stream, epoch, sequence). The numbering is recovered from the
 *       segments and from a checkpoint ({@link SequenceCheckpoint}) written before any segment is
 *       deleted, so it never repeats a number, even after every segment has gone.
 *   <li><b>Cursors.</b> Each sink's highest acknowledged offset ({@link SinkCursors}). A sealed
 *       segment is deleted once every configured sink is past its last event. Over a bound, the
 *       oldest segments are deleted anyway: the events some sink had not acknowledged are counted
 *       in {@link #dropped()} and warned about, and the lagging cursors move past them.
 *   <li><b>Durability.</b> An append is written to the file (the page cache) before it returns;
 *       fsync follows within {@value #FORCE_EVERY_MS} ms on a background thread, or at once with
 *       {@link #flush()}. So a killed agent (kill -9, a crash) loses nothing, but a power loss
 *       may lose the last few milliseconds of events. A torn last record is cut off at the next
 *       open. Cursor files are written at most every {@value #SAVE_CURSORS_EVERY_MS} ms and at
 *       close; a cursor that is behind after a crash only sends some events again.
 * </ul>
 *
 * <p>Thread-safe: appends come from processor threads, reads and acknowledgements from sink
 * threads. One lock covers the state; fsyncs and cursor files are written outside it, on the
 * sync thread.
 */
public final class EventOutbox implements EventRecorder, OutboxStats, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventOutbox.class);
  static final long FORCE_EVERY_MS = 20;
  static final long SAVE_CURSORS_EVERY_MS = 100;

  private final Path dir;
  private final String nodeId;
  private final OutboxLimits limits;
  private final Clock clock;
  private final SinkCursors cursors;
  private final EventSequences sequences = new EventSequences();
  /** Oldest first; the last one is appended to. Never empty once open. */
  private final Deque<OutboxSegment> segments = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledThreadPoolExecutor sync;
  private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
  private volatile long lastOffset;
  private volatile long dropped;
  private long bytes;
  private boolean unforced;
  private boolean forceScheduled;
  private boolean saveScheduled;
  private boolean closed;
  /** Set once open has recovered everything: only then are the cursors worth saving at close. */
  private boolean recovered;

  private EventOutbox(Path dir, String nodeId, List<String> sinkNames, OutboxLimits limits, Clock clock) {
    this.dir = dir;
    this.nodeId = nodeId;
    this.limits = limits;
    this.clock = clock;
    this.cursors = new SinkCursors(dir, sinkNames);
    this.sync = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("event-outbox-sync").daemon().factory());
    // Close runs the last fsync and cursor save itself; it must not wait for delayed ones.
    sync.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Opens (or creates) the outbox in {@code dir}: recovers every segment (cutting off a torn
   * last record), the numbering and each sink's cursor, then deletes what every sink has and
   * what is over the limits.
   *
   * @param sinkNames every sink that must acknowledge an event before it may be deleted; a new
   *     name starts at the oldest event present; a cursor of a name not given is ignored
   * @param clock the wall clock the age bound is measured on (events carry wall-clock times)
   */
  public static EventOutbox open(Path dir, String nodeId, List<String> sinkNames, OutboxLimits limits, Clock clock) throws IOException {
    Files.createDirectories(dir);
    EventOutbox outbox = new EventOutbox(dir, nodeId, sinkNames, limits, clock);
    try {
      outbox.recover();
    } catch (IOException | RuntimeException e) {
      outbox.close();
      throw e;
    }
    return outbox;
  }

  private void recover() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path temp : files.filter(f -> f.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
        Files.deleteIfExists(temp); // a file write that a crash interrupted before its rename
      }
    }
    for (StreamSequence s : SequenceCheckpoint.read(dir)) {
      sequences.taken(s.streamId(), s.epoch(), s.sequence());
    }
    List<Path> segmentFiles;
    try (Stream<Path> files = Files.list(dir)) {
      segmentFiles = files.filter(f -> OutboxSegment.baseOffsetOf(f).isPresent())
          .sorted(Comparator.comparingLong(f -> OutboxSegment.baseOffsetOf(f).getAsLong())).toList();
    }
    for (Path file : segmentFiles) {
      OutboxSegment segment = OutboxSegment.recover(file, e -> sequences.taken(e.getStreamId(), e.getEpoch(), e.getSequence()));
      segments.addLast(segment);
      bytes += segment.size();
    }
    long inSegments = segments.isEmpty() ? 0 : segments.getLast().lastOffset();
    cursors.load(segments.isEmpty() ? 0 : segments.getFirst().baseOffset() - 1);
    // A cursor ahead of the log: a sink acknowledged events that a power loss then took from the
    // disk. New events must come after it, or that sink would take them for acknowledged.
    lastOffset = Math.max(inSegments, cursors.max());
    if (segments.isEmpty() || !segments.getLast().isEmpty() || segments.getLast().baseOffset() != lastOffset + 1) {
      segments.addLast(OutboxSegment.create(dir, lastOffset + 1));
    }
    lock.lock();
    try {
      deleteAcknowledged();
      enforceLimits();
      recovered = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Numbers the event, writes it, and returns it as stored. The next sequence of {@code streamId}
   * at {@code epoch} is given only if the write succeeds.
   *
   * @throws UncheckedIOException when the event cannot be written (a full disk)
   * @throws IllegalStateException after {@link #close()}
   */
  public ProcessorEvent append(String streamId, long epoch, String kind, long atMs, String payloadJson) {
    if (!Ids.isValid(streamId)) {
      throw new IllegalArgumentException("event of stream '" + streamId + "': not a stream id; " + Ids.RULE);
    }
    ProcessorEvent event;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the event outbox is closed; event " + kind + " of " + streamId + " was not recorded");
      }
      long sequence = sequences.next(streamId, epoch);
      event = ProcessorEvent.newBuilder().setStreamId(streamId).setEpoch(epoch).setSequence(sequence).setKind(kind).setAtMs(atMs)
          .setPayloadJson(payloadJson == null ? "" : payloadJson).setOutboxOffset(lastOffset + 1).setNodeId(nodeId).build();
      byte[] record = OutboxRecord.encode(event);
      OutboxSegment active = segments.getLast();
      if (!active.isEmpty() && active.size() + record.length > limits.segmentBytes()) {
        active = roll();
      }
      active.append(event, record);
      sequences.taken(streamId, epoch, sequence);
      bytes += record.length;
      lastOffset = event.getOutboxOffset();
      enforceLimits();
      scheduleForce();
    } catch (IOException e) {
      throw new UncheckedIOException("event outbox " + dir + ": cannot write event " + kind + " of " + streamId + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
    appendListeners.forEach(Runnable::run);
    return event;
  }

  @Override
  public void record(String streamId, long epoch, String kind, long atMs, String payloadJson) {
    append(streamId, epoch, kind, atMs, payloadJson);
  }

  /** Seals the segment being appended to (fsync) and begins the next. */
  private OutboxSegment roll() throws IOException {
    segments.getLast().force();
    OutboxSegment next = OutboxSegment.create(dir, lastOffset + 1);
    segments.addLast(next);
    return next;
  }

  /**
   * Up to {@code max} events after {@code afterOffset}, in offset order. Events that are no
   * longer present (dropped over a bound) are skipped: the first one returned may be further on.
   */
  public List<ProcessorEvent> read(String sink, long afterOffset, int max) {
    List<ProcessorEvent> out = new ArrayList<>();
    lock.lock();
    try {
      cursors.get(sink); // a sink this outbox does not know is a wiring error
      if (closed) {
        throw new IllegalStateException("the event outbox is closed");
      }
      for (OutboxSegment segment : segments) {
        if (out.size() >= max) {
          break;
        }
        if (segment.lastOffset() > afterOffset) {
          segment.read(afterOffset, max, out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("event outbox " + dir + ": cannot read after offset " + afterOffset + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
    return out;
  }

  /**
   * {@code sink} has every event up to {@code upToOffset} (cumulative; a lower value than before
   * changes nothing). Segments it was the last to hold back are deleted shortly after.
   */
  public void acknowledge(String sink, long upToOffset) {
    lock.lock();
    try {
      if (closed) {
        cursors.get(sink);
        return; // too late to save: the sink is sent these again next time, and de-duplicates
      }
      if (cursors.advance(sink, Math.min(upToOffset, lastOffset)) && !saveScheduled) {
        saveScheduled = true;
        sync.schedule(this::saveCursorsAndDeleteAcknowledged, SAVE_CURSORS_EVERY_MS, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The highest offset {@code sink} has acknowledged (0 before any event). */
  public long cursor(String sink) {
    lock.lock();
    try {
      return cursors.get(sink);
    } finally {
      lock.unlock();
    }
  }

  /** The offset of the newest event (0 before any). */
  public long lastOffset() {
    return lastOffset;
  }

  @Override
  public long pending() {
    lock.lock();
    try {
      long before = segments.getFirst().baseOffset() - 1; // events before the oldest segment are gone
      return lastOffset - Math.max(cursors.min(), before);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long dropped() {
    return dropped;
  }

  /**
   * Runs {@code listener} after every append, on the appending thread and outside the outbox's
   * lock. It must be quick and must not throw (pumps only wake their thread).
   */
  public void whenAppended(Runnable listener) {
    appendListeners.add(listener);
  }

  /** Makes every event appended so far durable now, instead of within {@value #FORCE_EVERY_MS} ms. */
  public void flush() {
    lock.lock();
    try {
      if (!closed) {
        segments.getLast().force();
        unforced = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("event outbox " + dir + ": fsync failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void scheduleForce() {
    unforced = true;
    if (!forceScheduled) {
      forceScheduled = true;
      sync.schedule(this::forceAppended, FORCE_EVERY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** The sync thread: fsyncs outside the lock, so a slow disk does not hold up appends. */
  private void forceAppended() {
    OutboxSegment active;
    lock.lock();
    try {
      forceScheduled = false;
      if (!unforced || closed) {
        return;
      }
      unforced = false;
      active = segments.getLast();
    } finally {
      lock.unlock();
    }
    try {
      active.force();
    } catch (IOException e) {
      // A segment rolled meanwhile was forced by the roll; anything else is worth knowing.
      log.warn("event outbox {}: fsync of {} failed ({}); its events are written but may not survive a power loss", dir, active.path(),
          e.getMessage());
    }
  }

  /** The sync thread: writes the cursors that moved, and deletes the segments every sink has. */
  private void saveCursorsAndDeleteAcknowledged() {
    Map<String, Long> snapshot;
    lock.lock();
    try {
      saveScheduled = false;
      if (closed) {
        return;
      }
      snapshot = cursors.snapshot();
      deleteAcknowledged();
    } finally {
      lock.unlock();
    }
    try {
      cursors.save(snapshot);
    } catch (IOException e) {
      log.warn("event outbox {}: cannot save the sinks' cursors ({}); after a restart some events are delivered again", dir, e.getMessage());
    }
  }

  /** Deletes the sealed segments every configured sink has acknowledged. Under the lock. */
  private void deleteAcknowledged() {
    long min = cursors.min();
    int done = 0;
    for (OutboxSegment segment : segments) {
      if (segment == segments.getLast() || segment.lastOffset() > min) {
        break;
      }
      done++;
    }
    if (done > 0) {
      try {
        deleteOldest(done);
      } catch (IOException e) {
        log.warn("event outbox {}: cannot write the sequence checkpoint ({}); keeping {} acknowledged segments until it can", dir,
            e.getMessage(), done);
      }
    }
  }

  /**
   * Deletes the oldest sealed segments while the outbox is over its size bound or they are older
   * than its age bound, counting and reporting the events some sink had not acknowledged. Under
   * the lock. Runs at open and after each append (an idle outbox keeps old events until the next).
   */
  private void enforceLimits() {
    long oldestAllowedMs = clock.millis() - limits.maxAge().toMillis();
    long bytesLeft = bytes;
    int count = 0;
    Set<String> reasons = new LinkedHashSet<>();
    for (OutboxSegment segment : segments) {
      if (segment == segments.getLast()) {
        break;
      }
      if (bytesLeft > limits.maxBytes()) {
        reasons.add("the outbox holds " + size(bytesLeft) + ", over its bound of " + size(limits.maxBytes()) + " (--outbox-max-mb)");
      } else if (segment.newestAtMs() < oldestAllowedMs) {
        reasons.add("its oldest events are older than its age bound of " + limits.maxAge().toHours() + " h (--outbox-max-age-h)");
      } else {
        break;
      }
      bytesLeft -= segment.size();
      count++;
    }
    if (count == 0) {
      return;
    }
    List<OutboxSegment> oldest = segments.stream().limit(count).toList();
    long upTo = oldest.getLast().lastOffset();
    long minCursor = cursors.min();
    long unacknowledged = oldest.stream().mapToLong(s -> Math.max(0, s.lastOffset() - Math.max(minCursor, s.baseOffset() - 1))).sum();
    List<String> lagging = cursors.behind(upTo);
    try {
      deleteOldest(count);
    } catch (IOException e) {
      log.error("event outbox {}: over its bounds, but cannot write the sequence checkpoint needed before deleting segments ({}); "
          + "keeping them until it can", dir, e.getMessage());
      return;
    }
    cursors.advanceAll(upTo);
    if (!saveScheduled && !lagging.isEmpty()) {
      saveScheduled = true;
      sync.schedule(this::saveCursorsAndDeleteAcknowledged, SAVE_CURSORS_EVERY_MS, TimeUnit.MILLISECONDS);
    }
    if (unacknowledged > 0) {
      dropped += unacknowledged;
      log.warn("event outbox {}: dropped the oldest {} events (up to offset {}) that sink(s) {} had not acknowledged, because {}; "
          + "those sinks will never receive them. Find out why they are behind, or raise the bound.", dir, unacknowledged, upTo,
          lagging, String.join(" and ", reasons));
    }
  }

  private static String size(long bytes) {
    return bytes < OutboxLimits.MIB ? bytes + " bytes" : String.format("%.1f MiB", (double) bytes / OutboxLimits.MIB);
  }

  /** Deletes the {@code count} oldest segments, after checkpointing the numbering they may be the last record of. */
  private void deleteOldest(int count) throws IOException {
    SequenceCheckpoint.write(dir, sequences.newestPerStream());
    for (int i = 0; i < count; i++) {
      OutboxSegment segment = segments.removeFirst();
      bytes -= segment.size();
      try {
        segment.delete();
      } catch (IOException e) {
        log.warn("event outbox {}: cannot delete {} ({}); it is read again at the next start", dir, segment.path(), e.getMessage());
      }
    }
  }

  /** Segment files present (tests). */
  int segmentCount() {
    lock.lock();
    try {
      return segments.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes every event durable, saves the cursors and closes the files. Idempotent. Appends and
   * reads fail afterwards; acknowledgements are ignored (the events are delivered again).
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    sync.shutdown();
    try {
      if (!sync.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("event outbox {}: the sync thread did not finish within 5 s", dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      if (!segments.isEmpty()) {
        segments.getLast().force();
      }
    } catch (IOException e) {
      log.warn("event outbox {}: the last fsync failed ({}); the newest events may not survive a power loss", dir, e.getMessage());
    } finally {
      for (OutboxSegment segment : segments) {
        try {
          segment.close();
        } catch (IOException e) {
          log.debug("closing {}: {}", segment.path(), e.getMessage());
        }
      }
      lock.unlock();
    }
    if (!recovered) {
      return; // open failed: the cursor files stay as they were
    }
    try {
      cursors.save(cursors.snapshot());
    } catch (IOException e) {
      log.warn("event outbox {}: cannot save the sinks' cursors ({}); after a restart some events are delivered again", dir, e.getMessage());
    }
  }
}
