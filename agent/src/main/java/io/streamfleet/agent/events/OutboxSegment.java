package io.streamfleet.agent.events;

import io.streamfleet.protocol.v1.ProcessorEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of the outbox: the events from {@link #baseOffset()} on, one {@link OutboxRecord}
 * after another. The file is named by its base offset, so the next offset is known even from an
 * empty segment. An in-memory index of every {@value #INDEX_EVERY}th record's position lets a
 * read start near its offset.
 *
 * <p>A RandomAccessFile rather than a FileChannel: events are appended on processor threads, and
 * a FileChannel is closed for every thread when the one using it is interrupted (a processor
 * being stopped). Not thread-safe: the {@link EventOutbox}'s lock covers every method except
 * {@link #force()}, which may run beside an append.
 */
final class OutboxSegment {
  private static final Logger log = LoggerFactory.getLogger(OutboxSegment.class);
  static final String SUFFIX = ".events";
  private static final int INDEX_EVERY = 64;

  private final Path path;
  private final long baseOffset;
  private final RandomAccessFile file;
  private long size;
  private int count;
  private long newestAtMs = Long.MIN_VALUE;
  /** index[i] is where record number i * INDEX_EVERY starts. */
  private long[] index = new long[16];

  private OutboxSegment(Path path, long baseOffset, RandomAccessFile file) {
    this.path = path;
    this.baseOffset = baseOffset;
    this.file = file;
  }

  /** A new, empty segment whose first event will have {@code baseOffset}. */
  static OutboxSegment create(Path dir, long baseOffset) throws IOException {
    Path path = dir.resolve(String.format("%020d%s", baseOffset, SUFFIX));
    if (Files.exists(path) && Files.size(path) > 0) {
      throw new IOException(path + " already holds events; a new segment at offset " + baseOffset + " would overwrite them");
    }
    OutboxSegment segment = new OutboxSegment(path, baseOffset, new RandomAccessFile(path.toFile(), "rw"));
    AtomicFiles.syncDirectory(dir);
    return segment;
  }

  /** The base offset a segment file's name gives, or empty if the file is no segment. */
  static OptionalLong baseOffsetOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Opens an existing segment and reads every record, handing each event to {@code seen}. A
   * damaged or incomplete record (the agent was killed in the middle of a write) and whatever
   * follows it are cut off, with a warning.
   */
  static OutboxSegment recover(Path path, Consumer<ProcessorEvent> seen) throws IOException {
    long base = baseOffsetOf(path).orElseThrow(() -> new IOException(path + " is not an outbox segment"));
    OutboxSegment segment = new OutboxSegment(path, base, new RandomAccessFile(path.toFile(), "rw"));
    long length = segment.file.length();
    RecordScanner scanner = new RecordScanner(segment.file, 0, length);
    String problem = null;
    while (true) {
      long at = scanner.position();
      ProcessorEvent event = scanner.next();
      if (event == null) {
        problem = scanner.problem();
        break;
      }
      if (event.getOutboxOffset() != segment.nextOffset()) {
        problem = "an event at offset " + event.getOutboxOffset() + " where " + segment.nextOffset() + " was expected";
        break;
      }
      segment.added(at, event, scanner.position() - at);
      seen.accept(event);
    }
    if (problem != null) {
      log.warn("event outbox {}: {} at byte {} of {} (the agent stopped in the middle of a write?); cut the file there, keeping its {} "
          + "complete events", path, problem, segment.size, length, segment.count);
      segment.file.setLength(segment.size);
      segment.file.getFD().sync();
    }
    return segment;
  }

  long baseOffset() {
    return baseOffset;
  }

  /** The offset of the last event in this segment ({@code baseOffset - 1} when empty). */
  long lastOffset() {
    return baseOffset + count - 1;
  }

  long nextOffset() {
    return baseOffset + count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  long size() {
    return size;
  }

  /** The newest {@code at_ms} of the events here (Long.MIN_VALUE when empty). */
  long newestAtMs() {
    return newestAtMs;
  }

  Path path() {
    return path;
  }

  /** Writes {@code record} (an encoded {@code event}) at the end. On failure the file is left as it was, if it can be. */
  void append(ProcessorEvent event, byte[] record) throws IOException {
    try {
      file.seek(size);
      file.write(record);
    } catch (IOException e) {
      try {
        file.setLength(size); // a partial record must not stay in front of the next one
      } catch (IOException ignored) {
        // recovery at the next start cuts it off
      }
      throw e;
    }
    added(size, event, record.length);
  }

  private void added(long position, ProcessorEvent event, long length) {
    if (count % INDEX_EVERY == 0) {
      int slot = count / INDEX_EVERY;
      if (slot == index.length) {
        index = Arrays.copyOf(index, index.length * 2);
      }
      index[slot] = position;
    }
    count++;
    size = position + length;
    newestAtMs = Math.max(newestAtMs, event.getAtMs());
  }

  /** Adds to {@code out} the events after {@code afterOffset}, in order, until it holds {@code max}. */
  void read(long afterOffset, int max, List<ProcessorEvent> out) throws IOException {
    long first = Math.max(afterOffset + 1, baseOffset);
    if (first > lastOffset()) {
      return;
    }
    RecordScanner scanner = new RecordScanner(file, index[(int) ((first - baseOffset) / INDEX_EVERY)], size);
    while (out.size() < max) {
      ProcessorEvent event = scanner.next();
      if (event == null) {
        if (scanner.problem() != null) {
          throw new IOException("event outbox " + path + " is damaged at byte " + scanner.position() + ": " + scanner.problem());
        }
        return;
      }
      if (event.getOutboxOffset() >= first) {
        out.add(event);
      }
    }
  }

  /** Makes what was written durable (fsync). Safe beside an append. */
  void force() throws IOException {
    file.getFD().sync();
  }

  void close() throws IOException {
    file.close();
  }

  void delete() throws IOException {
    file.close();
    Files.deleteIfExists(path);
  }
}
