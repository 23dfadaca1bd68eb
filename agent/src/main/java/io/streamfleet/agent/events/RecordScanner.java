package io.streamfleet.agent.events;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamfleet.protocol.v1.ProcessorEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;

/**
 * Reads a segment's records in order from a position, through a buffer. It stops at the end or
 * at the first record that is incomplete or damaged, and then says why ({@link #problem()}) and
 * where the last good record ended ({@link #position()}). Not thread-safe; moves the file's
 * pointer (the outbox's lock covers that).
 */
final class RecordScanner {
  private final RandomAccessFile file;
  private final long limit;
  private long position;
  private byte[] buffer = new byte[64 * 1024];
  /** buffer[start] is the byte at {@code position}; buffer[start..end) holds the bytes read ahead. */
  private int start;
  private int end;
  private String problem;

  /** Reads records in [position, limit) of {@code file}. */
  RecordScanner(RandomAccessFile file, long position, long limit) {
    this.file = file;
    this.position = position;
    this.limit = limit;
  }

  /** The next event, or null at the end or at a damaged record (see {@link #problem()}). */
  ProcessorEvent next() throws IOException {
    if (problem != null || position >= limit) {
      return null;
    }
    if (!fill(OutboxRecord.HEADER_BYTES)) {
      return stop("a record header cut short (" + (end - start) + " of " + OutboxRecord.HEADER_BYTES + " bytes)");
    }
    ByteBuffer header = ByteBuffer.wrap(buffer, start, OutboxRecord.HEADER_BYTES);
    int length = header.getInt();
    int crc = header.getInt();
    if (length <= 0 || length > OutboxRecord.MAX_EVENT_BYTES) {
      return stop("a record length of " + length + " bytes");
    }
    if (!fill(OutboxRecord.HEADER_BYTES + length)) {
      return stop("a record of " + length + " bytes cut short (" + (end - start - OutboxRecord.HEADER_BYTES) + " present)");
    }
    int body = start + OutboxRecord.HEADER_BYTES;
    if (OutboxRecord.crc(buffer, body, length) != crc) {
      return stop("a record whose CRC does not match its bytes");
    }
    ProcessorEvent event;
    try {
      event = ProcessorEvent.parser().parseFrom(buffer, body, length);
    } catch (InvalidProtocolBufferException e) {
      return stop("a record that is not an event (" + e.getMessage() + ")");
    }
    start = body + length;
    position += OutboxRecord.HEADER_BYTES + length;
    return event;
  }

  /** Where the last good record ends: the next record starts here. */
  long position() {
    return position;
  }

  /** Why scanning stopped before the limit, or null. */
  String problem() {
    return problem;
  }

  private ProcessorEvent stop(String why) {
    problem = why;
    return null;
  }

  /** Makes the next {@code n} bytes from {@code position} available in the buffer, if the file has them. */
  private boolean fill(int n) throws IOException {
    int available = end - start;
    if (available >= n) {
      return true;
    }
    byte[] target = n > buffer.length ? new byte[Math.max(n, buffer.length * 2)] : buffer;
    System.arraycopy(buffer, start, target, 0, available);
    buffer = target;
    start = 0;
    end = available;
    long readFrom = position + available;
    while (end < n && readFrom < limit) {
      file.seek(readFrom);
      int read = file.read(buffer, end, (int) Math.min(buffer.length - end, limit - readFrom));
      if (read < 0) {
        break;
      }
      end += read;
      readFrom += read;
    }
    return end >= n;
  }
}
