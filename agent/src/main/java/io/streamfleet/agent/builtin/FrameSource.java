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

  /**
   * Asks to be told when the source goes away and comes back, for a source that rides out a
   * camera's absence (see {@link ConnectingFrameSource}); others never go away, and ignore it.
   * Called before the first {@code next()}.
   */
  default void watch(SourceHealth health) {}

  /** How frames are decoded, for operators ({@code software}, {@code vaapi}...), or null when nothing is decoded. */
  default String decoder() {
    return null;
  }

  /** Releases the source (threads, child processes). Idempotent; never throws. */
  @Override
  void close();
}
