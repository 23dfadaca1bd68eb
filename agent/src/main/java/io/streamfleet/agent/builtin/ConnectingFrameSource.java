package io.streamfleet.agent.builtin;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * A camera as a {@link FrameSource} that outlives its connections: it connects on the first
 * {@link #next()}, and when the connection ends, fails or stalls it connects again after a
 * {@link ReconnectPolicy} backoff, telling its {@link SourceHealth} that the camera is away and,
 * at the first frame after, that it is back. {@code next()} blocks meanwhile, so the processor
 * simply sees a gap in time, not an end.
 *
 * <p>Frame numbers carry on across connections (each connection numbers its frames from 0), so the
 * processor's drop count means frames skipped while connected, not the camera's absence.
 *
 * <p>Without a policy ({@code reconnect=false}, and files by default) the first end or failure is
 * final, as for a plain source: {@code next()} returns null or throws.
 *
 * <p>Threads: {@code next()} and the health callbacks run on the caller's thread; {@link #close()}
 * may come from any thread, also while a connection is being opened or waited for.
 */
public final class ConnectingFrameSource implements FrameSource {
  /** Opens one connection: a source that gives frames until it ends or fails. */
  public interface Connector {
    FrameSource open() throws IOException, InterruptedException;

    /** How frames are decoded now, for operators (e.g. {@code vaapi}), or null when nothing is decoded. */
    default String decoder() {
      return null;
    }
  }

  private final Connector connector;
  private final ReconnectPolicy policy;
  private final NanoClock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;
  private FrameSource current; // guarded by lock
  private SourceHealth health = SourceHealth.IGNORED;
  private long nextSequence;
  private long offset;
  private boolean frameOnThisConnection;
  private long connectedAtNanos;
  private int failures;
  private boolean away;
  private String lastReason;

  /** @param policy how to reconnect, or null to end at the first end or failure */
  public ConnectingFrameSource(Connector connector, ReconnectPolicy policy, NanoClock clock, Sleeper sleeper,
      RandomGenerator random) {
    this.connector = connector;
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  @Override
  public void watch(SourceHealth health) {
    this.health = health;
  }

  @Override
  public String decoder() {
    return connector.decoder();
  }

  @Override
  public Frame next() throws InterruptedException, IOException {
    while (!closed) {
      try {
        FrameSource source = connection();
        Frame frame = source == null ? null : source.next();
        if (frame != null) {
          return delivered(frame);
        }
        if (closed || policy == null) {
          return null;
        }
        lost("the camera ended the stream");
      } catch (IOException e) {
        if (closed) {
          return null;
        }
        if (policy == null) {
          throw e;
        }
        lost(e.getMessage() != null ? e.getMessage() : e.toString());
      }
    }
    return null;
  }

  /** The open connection, opening one if there is none; null once closed. */
  private FrameSource connection() throws IOException, InterruptedException {
    lock.lock();
    try {
      if (current != null || closed) {
        return current;
      }
    } finally {
      lock.unlock();
    }
    FrameSource opened = connector.open(); // outside the lock: may take a while, and close() must not wait for it
    lock.lock();
    try {
      if (closed) {
        opened.close();
        return null;
      }
      current = opened;
      frameOnThisConnection = false;
      connectedAtNanos = clock.nanoTime();
      return opened;
    } finally {
      lock.unlock();
    }
  }

  private Frame delivered(Frame frame) {
    if (!frameOnThisConnection) {
      frameOnThisConnection = true;
      offset = nextSequence - frame.sequence();
    }
    long sequence = frame.sequence() + offset;
    nextSequence = sequence + 1;
    if (away) {
      away = false;
      lastReason = null;
      health.restored();
    }
    return sequence == frame.sequence() ? frame
        : new Frame(sequence, frame.capturedAtNanos(), frame.width(), frame.height(), frame.luma());
  }

  /** The connection is gone: say so (once per distinct reason) and wait before the next attempt. */
  private void lost(String reason) throws InterruptedException {
    closeCurrent();
    if (frameOnThisConnection && clock.nanoTime() - connectedAtNanos >= policy.stable().toNanos()) {
      failures = 0;
    }
    frameOnThisConnection = false;
    away = true;
    if (!reason.equals(lastReason)) {
      lastReason = reason;
      health.lost(reason);
    }
    sleeper.sleepNanos(policy.delay(failures, random).toNanos());
    failures = Math.min(failures + 1, 30);
  }

  private void closeCurrent() {
    FrameSource source;
    lock.lock();
    try {
      source = current;
      current = null;
    } finally {
      lock.unlock();
    }
    if (source != null) {
      source.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeCurrent();
  }
}
