package io.streamfleet.agent.events;

import io.streamfleet.protocol.v1.ProcessorEvent;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * How one event is laid out in a segment: {@code [length: int][crc32 of the bytes: int][the
 * ProcessorEvent's protobuf bytes]}, big-endian. A record cut short by a crash is recognised by
 * a length that runs past the end of the file, or by its CRC.
 */
final class OutboxRecord {
  static final int HEADER_BYTES = 8;
  /** Larger lengths are taken for garbage; larger events are refused at append. */
  static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

  private OutboxRecord() {}

  static byte[] encode(ProcessorEvent event) {
    byte[] body = event.toByteArray();
    if (body.length > MAX_EVENT_BYTES) {
      throw new IllegalArgumentException("event " + event.getKind() + " of " + event.getStreamId() + " is " + body.length
          + " bytes; the outbox takes events of up to " + MAX_EVENT_BYTES + " bytes (send large data by reference)");
    }
    return ByteBuffer.allocate(HEADER_BYTES + body.length).putInt(body.length).putInt(crc(body, 0, body.length)).put(body).array();
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
