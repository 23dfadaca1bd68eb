package io.streamfleet.agent.builtin;

import io.streamfleet.model.Redaction;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frames decoded by an ffmpeg child process from any URL ffmpeg reads, as 8-bit grayscale scaled
 * to {@code width x height}.
 *
 * <p>Design note. ffmpeg writes raw frames ({@code -f rawvideo -pix_fmt gray}) to its stdout, which
 * a reader thread cuts into {@code width * height}-byte frames and leaves in a one-slot
 * {@link LatestFrameMailbox}. The reader never waits for the analysis: for a live camera a full pipe
 * would stall ffmpeg and let latency grow without bound, so a slow consumer loses frames instead,
 * and the gaps show as dropped frames. A second thread drains stderr into a {@link StderrTail},
 * whose last lines explain failures. File inputs, and the {@code lavfi:} demo form, are read at
 * their native rate ({@code -re}), as if they were cameras; network inputs already are.
 *
 * <p>{@code lavfi:GRAPH} is a test and demo source: it runs ffmpeg's filter-graph input, e.g.
 * {@code lavfi:testsrc2=size=320x240:rate=25}, and needs no file or camera.
 *
 * <p>Lifecycle: the constructor starts ffmpeg. {@link #next()} waits at most {@code startTimeout} for
 * the first frame and at most {@code stallTimeout} for each later one. When ffmpeg ends, {@code next()} returns
 * null if it exited with 0 and throws, with its last stderr lines, otherwise. {@link #close()} stops
 * ffmpeg and any children it started (SIGTERM, then SIGKILL after {@link #EXIT_GRACE}), waits for
 * them, and is idempotent.
 */
public final class FfmpegFrameSource implements FrameSource {
  public static final String LAVFI_PREFIX = "lavfi:";
  static final String FFMPEG = "ffmpeg";
  static final String NOT_FOUND = "ffmpeg not found on PATH; install it (apt-get install ffmpeg)";
  static final Duration EXIT_GRACE = Duration.ofSeconds(2);
  private static final int STDERR_LINES_KEPT = 20;
  private static final int STDERR_LINES_SHOWN = 5;
  /** Waits for frames after the first without limit: the caller decides when a source is gone. */
  static final Duration NO_STALL_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

  private final String shownUrl;
  private final int width;
  private final int height;
  private final Duration startTimeout;
  private final Duration stallTimeout;
  private final NanoClock clock = NanoClock.system();
  private final Process process;
  private final StderrTail stderr = new StderrTail(STDERR_LINES_KEPT);
  private final LatestFrameMailbox mailbox = new LatestFrameMailbox();
  private final Thread stdoutReader;
  private final Thread stderrReader;
  private final ReentrantLock closeLock = new ReentrantLock();
  private volatile boolean closed;
  private boolean released; // guarded by closeLock
  private volatile IOException readFailure;
  private boolean deliveredAny;

  /**
   * Starts ffmpeg decoding {@code url}, with no limit on the gap between frames after the first.
   *
   * @throws IOException when ffmpeg cannot be started, e.g. {@value #NOT_FOUND}
   */
  public FfmpegFrameSource(String url, int width, int height, Duration startTimeout) throws IOException {
    this(FFMPEG, url, width, height, startTimeout, NO_STALL_LIMIT, List.of());
  }

  /**
   * Starts {@code executable} (ffmpeg) decoding {@code url}.
   *
   * @param stallTimeout how long {@link #next()} waits for a frame after the first one before it
   *     throws, saying the source stalled
   * @param inputOptions ffmpeg options for the input, placed before {@code -i} (transport,
   *     timeouts, hardware decoding)
   */
  FfmpegFrameSource(String executable, String url, int width, int height, Duration startTimeout, Duration stallTimeout,
      List<String> inputOptions) throws IOException {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size is " + width + "x" + height + "; both must be positive");
    }
    this.shownUrl = Redaction.text(url); // errors and logs never show the password
    this.width = width;
    this.height = height;
    this.startTimeout = startTimeout;
    this.stallTimeout = stallTimeout;
    try {
      this.process = new ProcessBuilder(command(executable, url, width, height, inputOptions)).start();
    } catch (IOException e) {
      // The JDK's wording for a missing executable varies by version, so look for it ourselves.
      throw onPath(executable) ? e : new IOException(NOT_FOUND, e);
    }
    closeQuietly(process.getOutputStream());
    String threadName = "ffmpeg-" + process.pid();
    this.stderrReader = Thread.ofVirtual().name(threadName + "-stderr").start(this::drainStderr);
    this.stdoutReader = Thread.ofVirtual().name(threadName + "-frames").start(this::readFrames);
  }

  /** The ffmpeg command line for {@code url}; see the class comment for {@code -re} and {@code lavfi:}. */
  static List<String> command(String executable, String url, int width, int height) {
    return command(executable, url, width, height, List.of());
  }

  /** As {@link #command(String, String, int, int)}, with {@code inputOptions} before {@code -i}. */
  static List<String> command(String executable, String url, int width, int height, List<String> inputOptions) {
    List<String> command = new ArrayList<>(List.of(executable, "-hide_banner", "-loglevel", "error", "-nostdin"));
    command.addAll(inputOptions);
    if (url.startsWith(LAVFI_PREFIX)) {
      command.addAll(List.of("-re", "-f", "lavfi", "-i", url.substring(LAVFI_PREFIX.length())));
    } else {
      if (isFile(url)) {
        command.add("-re");
      }
      command.addAll(List.of("-i", url));
    }
    command.addAll(List.of("-f", "rawvideo", "-pix_fmt", "gray", "-vf", "scale=" + width + ":" + height, "-"));
    return command;
  }

  /** Whether {@code executable} names a file that exists, directly or in a directory of the PATH. */
  static boolean onPath(String executable) {
    if (executable.contains("/")) {
      return Files.isRegularFile(Path.of(executable));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> Files.isRegularFile(Path.of(dir, executable)));
  }

  /** A file:// URL or a plain path: anything without a network scheme. */
  static boolean isFile(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("file:") || !lower.matches("^[a-z][a-z0-9+.-]*:.*");
  }

  @Override
  public Frame next() throws InterruptedException, IOException {
    if (closed) {
      return null;
    }
    Frame frame;
    try {
      frame = mailbox.take(deliveredAny ? stallTimeout.toNanos() : startTimeout.toNanos());
    } catch (TimeoutException e) {
      if (deliveredAny) {
        throw new IOException("no frame from " + shownUrl + " for " + stallTimeout.toMillis() + " ms: the source stalled"
            + stderrSuffix());
      }
      throw new IOException("no frame from " + shownUrl + " within " + startTimeout.toMillis() + " ms"
          + stderrSuffix() + "; check that the source is reachable and sends video");
    }
    if (frame != null) {
      deliveredAny = true;
      return frame;
    }
    return closed ? null : endOfStream();
  }

  /** ffmpeg closed its output: a clean end (null) or a failure (thrown with its stderr). */
  private Frame endOfStream() throws InterruptedException, IOException {
    if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException("ffmpeg closed its output for " + shownUrl + " but did not exit" + stderrSuffix());
    }
    stderrReader.join(EXIT_GRACE);
    int code = process.exitValue();
    if (code != 0) {
      throw new IOException("ffmpeg exited with code " + code + " reading " + shownUrl + stderrSuffix());
    }
    if (readFailure != null) {
      throw new IOException("reading frames from ffmpeg failed for " + shownUrl + ": " + readFailure.getMessage(), readFailure);
    }
    return null;
  }

  private String stderrSuffix() {
    List<String> lines = stderr.last(STDERR_LINES_SHOWN);
    return lines.isEmpty() ? " (ffmpeg printed nothing on stderr)" : ": " + String.join(" | ", lines);
  }

  private void readFrames() {
    int frameBytes = width * height;
    long sequence = 0;
    try (InputStream in = process.getInputStream()) {
      while (true) {
        byte[] luma = new byte[frameBytes];
        if (in.readNBytes(luma, 0, frameBytes) < frameBytes) {
          return; // end of stream; a trailing partial frame is not a frame
        }
        mailbox.offer(new Frame(sequence++, clock.nanoTime(), width, height, luma));
      }
    } catch (IOException e) {
      if (!closed) {
        readFailure = e;
      }
    } finally {
      mailbox.finish();
    }
  }

  private void drainStderr() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        stderr.add(line);
      }
    } catch (IOException e) {
      // The process is gone or close() closed the pipe; the lines read so far are kept.
    }
  }

  /** The last lines ffmpeg wrote to stderr, oldest first. */
  public List<String> stderrTail() {
    return stderr.last(STDERR_LINES_KEPT);
  }

  /** The URL with any password masked. */
  String shownUrl() {
    return shownUrl;
  }

  /** Whether the ffmpeg process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops ffmpeg and waits for it. A caller that comes while another is closing waits for that
   * close to finish, so that "close() returned" always means "ffmpeg is gone".
   */
  @Override
  public void close() {
    closed = true;
    mailbox.finish();
    closeLock.lock();
    try {
      if (released) {
        return;
      }
      // Collect the children first: once ffmpeg is gone they are re-parented and no longer listed.
      List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
      family.add(process.toHandle());
      family.forEach(ProcessHandle::destroy);
      if (!awaitExit(family)) {
        family.forEach(ProcessHandle::destroyForcibly);
        awaitExit(family);
      }
      joinUninterruptibly(stdoutReader);
      joinUninterruptibly(stderrReader);
      released = true;
    } finally {
      closeLock.unlock();
    }
  }

  /** Waits up to {@link #EXIT_GRACE} for all of {@code family} to exit, even if interrupted. */
  private static boolean awaitExit(List<ProcessHandle> family) {
    long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
    boolean interrupted = false;
    try {
      for (ProcessHandle member : family) {
        while (member.isAlive() && System.nanoTime() < deadline) {
          try {
            member.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException | TimeoutException e) {
            break;
          }
        }
      }
      return family.stream().noneMatch(ProcessHandle::isAlive);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          thread.join(EXIT_GRACE);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Nothing to release that matters: ffmpeg runs with -nostdin.
    }
  }
}
