package io.streamfleet.agent.builtin;

import java.io.IOException;

/**
 * Where a builtin processor's frames come from. {@link #next()} is called from one thread at a
 * time; {@link #close()} may be called from any thread, more than once, and makes a blocked or
 * later {@code next()} end (by returning null, or by the caller's interrupt).
 */
public interface FrameSource extends AutoCloseable {
  /**
   * Blocks until the next frame and returns it, or returns null at the end of the stream.
   *
   * @throws IOException when the source fails; the message says why, for an operator to read
   */
  Frame next() throws InterruptedException, IOException;

  /** Releases the source (threads, child processes). Idempotent; never throws. */
  @Override
  void close();
}
