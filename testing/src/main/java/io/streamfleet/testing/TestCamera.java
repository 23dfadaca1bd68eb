package io.streamfleet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A network camera for tests and benchmarks, needing no camera: ffmpeg serves a test picture
 * ({@code testsrc2}) in real time, in one of the {@link Format}s cameras use: H.264 in MPEG-TS
 * over HTTP ({@code http://127.0.0.1:PORT/camera.ts}), Motion JPEG over HTTP as IP cameras send
 * it ({@code http://127.0.0.1:PORT/camera.mjpg}), or H.264 over RTMP
 * ({@code rtmp://127.0.0.1:PORT/live/camera}). Tests that use it carry
 * {@code @RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")}.
 *
 * <p>ffmpeg's listen mode ({@code -listen 1}, for HTTP and RTMP alike) serves one client and exits when that client
 * leaves; a real camera serves whoever connects, again and again. So a supervisor (a virtual
 * thread) starts ffmpeg again whenever it exits while the camera is online. Between two runs the
 * port is closed for a moment (ffmpeg binds only once it has started; some 0.2 s), as when a
 * camera reboots: a client that reconnects at once may be refused and has to try again. It serves
 * one client at a time: ffmpeg closes its listening socket when it accepts, so while one client is
 * served, others are refused.
 *
 * <p>Faults: {@link #drop()} takes the camera away (connections are refused) until
 * {@link #comeBack()}; {@link #stall()} freezes ffmpeg (SIGSTOP) so connections stay open but no
 * data flows, until {@link #resume()}. A client that gave up during a stall is noticed by ffmpeg
 * only when it resumes: it then exits and the supervisor starts the next run. Linux only (signals,
 * {@code /proc/net/tcp}).
 *
 * <p>ffmpeg's output goes to {@link #log()} (a file in the given directory), at level info: the
 * line "Output #0" that ffmpeg writes once it accepted a client and started streaming to it is how
 * {@link #connections()} counts clients, and how {@link #start} tells a camera that serves from
 * one that cannot start. Each client that leaves ends a run with errors such as "Broken pipe" and
 * "Conversion failed!": that is ffmpeg's normal way to finish here, not a fault. (ffmpeg serves any
 * path and answers a request that is not HTTP with 400; a connection closed without a request,
 * such as a port probe, ends the run too, without "Output #0".)
 */
public final class TestCamera implements AutoCloseable {
  private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);
  /** A free port can be taken by someone else before ffmpeg binds it; then another is tried. */
  private static final int PORT_ATTEMPTS = 3;

  /** What the camera sends, and how. */
  public enum Format {
    /** H.264 in MPEG-TS over HTTP: an encoder or a camera's TS output. */
    MPEG_TS("http", "/camera.ts", "mpegts", List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p")),
    /** Motion JPEG over HTTP ({@code multipart/x-mixed-replace}), what many IP cameras serve at {@code /video.mjpg}. */
    MJPEG("http", "/camera.mjpg", "mpjpeg", List.of("-c:v", "mjpeg", "-q:v", "5", "-pix_fmt", "yuvj420p")),
    /** H.264 in FLV over RTMP, as ffmpeg's RTMP server (a camera pushing to a media server is read the same way). */
    RTMP("rtmp", "/live/camera", "flv", List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p"));

    private final String scheme;
    private final String path;
    private final String muxer;
    private final List<String> encoder;

    Format(String scheme, String path, String muxer, List<String> encoder) {
      this.scheme = scheme;
      this.path = path;
      this.muxer = muxer;
      this.encoder = encoder;
    }

    /** What ffmpeg logs once it accepted a client and started sending to it. */
    String serving() {
      return "Output #0, " + muxer;
    }
  }

  private enum State { ONLINE, STALLED, OFFLINE, CLOSED }

  /** One ffmpeg process, serving at most one client; its output starts at {@code logStart}. */
  private record Run(Process process, long logStart) {}

  private final Path dir;
  private final Format format;
  private final int port;
  private final int width;
  private final int height;
  private final int fps;
  /**
   * At JVM exit ChildProcesses kills ffmpeg, which the supervisor would take for a client that
   * left and start again, too late to be killed: closing the camera first stops the supervisor.
   */
  private final Thread closeAtExit = new Thread(this::close, "close-test-camera");
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private State state = State.ONLINE; // guarded by lock
  private Run run; // guarded by lock: the current ffmpeg, or the last one while offline or stalled between runs

  private TestCamera(Path dir, Format format, int port, int width, int height, int fps) {
    this.dir = dir;
    this.format = format;
    this.port = port;
    this.width = width;
    this.height = height;
    this.fps = fps;
  }

  /** Starts an H.264 MPEG-TS camera over HTTP on a free loopback port; returns once it accepts connections. */
  public static TestCamera start(Path dir, int width, int height, int fps) {
    return start(dir, Format.MPEG_TS, width, height, fps);
  }

  /** Starts a camera of {@code format} on a free loopback port; returns once it accepts connections. */
  public static TestCamera start(Path dir, Format format, int width, int height, int fps) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    for (int attempt = 1; ; attempt++) {
      TestCamera camera = new TestCamera(dir, format, freeLoopbackPort(), width, height, fps);
      Run first = camera.run = camera.launch(); // no lock yet: nobody else knows the camera, and starting its thread publishes it
      if (camera.awaitListening(first)) {
        Runtime.getRuntime().addShutdownHook(camera.closeAtExit);
        Thread.ofVirtual().name("test-camera-" + camera.port).start(camera::supervise);
        return camera;
      }
      if (attempt == PORT_ATTEMPTS || !camera.logOf(first).contains("Address already in use")) {
        throw new IllegalStateException("ffmpeg did not listen on 127.0.0.1:" + camera.port + "; its log:\n" + camera.log());
      }
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return format.scheme + "://127.0.0.1:" + port + format.path;
  }

  /**
   * How many clients the camera has served: ffmpeg runs that accepted a client's request and
   * started streaming to it (each run serves one), whether that client stayed a moment or an hour;
   * connections closed without a request are not counted. A client that reconnects in a loop makes
   * this grow: use it to assert that there is no restart storm.
   */
  public int connections() {
    String log = log();
    int count = 0;
    String serving = format.serving();
    for (int at = log.indexOf(serving); at >= 0; at = log.indexOf(serving, at + 1)) {
      count++;
    }
    return count;
  }

  /** The camera goes away: ffmpeg is killed (SIGKILL) and not started again; connections are refused. */
  public void drop() {
    lock.lock();
    try {
      requireNotClosed();
      state = State.OFFLINE;
      run.process().destroyForcibly().onExit().join();
    } finally {
      lock.unlock();
    }
  }

  /** After {@link #drop()}: online again on the same port; returns once it accepts connections. */
  public void comeBack() {
    Run next;
    lock.lock();
    try {
      requireNotClosed();
      if (state != State.OFFLINE) {
        return;
      }
      state = State.ONLINE;
      next = run = launch();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!awaitListening(next)) {
      throw new IllegalStateException("ffmpeg did not listen again on 127.0.0.1:" + port + "; its log:\n" + log());
    }
  }

  /**
   * No data flows, but connections stay open: ffmpeg is stopped (SIGSTOP). A client being served
   * waits for data that does not come. When no client is being served, new connections are
   * accepted (the kernel completes them for the stopped ffmpeg) and then get nothing; when one is,
   * they are refused, as ffmpeg has already taken its one client.
   *
   * <p>Waits first until the current run listens or serves a connected client, so that the stall
   * catches neither an ffmpeg that has not bound its port yet nor one whose client just left.
   */
  public void stall() {
    while (true) {
      Run current = currentRun();
      awaitUp(current);
      lock.lock();
      try {
        requireNotClosed();
        if (state == State.OFFLINE) {
          throw new IllegalStateException("the camera is dropped; it cannot stall");
        }
        if (state == State.STALLED) {
          return;
        }
        if (run == current && current.process().isAlive()) {
          state = State.STALLED;
          signal(current.process(), "STOP");
          return;
        }
        // The run ended meanwhile (its client left): stall the next one, once the supervisor started it.
        while (run == current && state == State.ONLINE) {
          changed.awaitUninterruptibly();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** After {@link #stall()}: data flows again (SIGCONT), or the next run starts if the stalled one ended. */
  public void resume() {
    lock.lock();
    try {
      if (state != State.STALLED) {
        return;
      }
      state = State.ONLINE;
      if (run.process().isAlive()) {
        signal(run.process(), "CONT");
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** ffmpeg's output (all runs), for failure messages. */
  public String log() {
    return read(logFile());
  }

  /** Stops the camera and waits until no ffmpeg of it is left; idempotent. */
  @Override
  public void close() {
    Process last;
    lock.lock();
    try {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      changed.signalAll();
      last = run.process();
      last.destroyForcibly(); // also ends a stopped (stalled) ffmpeg
    } finally {
      lock.unlock();
    }
    last.onExit().join();
    try {
      Runtime.getRuntime().removeShutdownHook(closeAtExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: this is the hook (or it runs anyway, and finds the camera closed)
    }
  }

  /** Starts ffmpeg again whenever a run ends while online: a camera serves client after client. */
  private void supervise() {
    Run current = currentRun();
    while (true) {
      current.process().onExit().join();
      lock.lock();
      try {
        if (run == current && state == State.ONLINE && logOf(current).contains("Address already in use")) {
          // Someone else took the port between two runs: starting again would fail as fast as
          // ffmpeg starts. The camera is dropped; the log says why. (Other ends without serving
          // are clients that left before asking for the stream, such as a port probe.)
          state = State.OFFLINE;
          changed.signalAll();
        }
        // Dropped: wait for comeBack(), which starts the next run itself. Stalled between two
        // runs: the camera stays silent (port closed) until resume().
        while (run == current && (state == State.OFFLINE || state == State.STALLED)) {
          changed.awaitUninterruptibly();
        }
        if (state == State.CLOSED) {
          return;
        }
        if (run == current) {
          run = launch();
          changed.signalAll();
        }
        current = run;
      } finally {
        lock.unlock();
      }
    }
  }

  private Run currentRun() {
    lock.lock();
    try {
      return run;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Called with the lock held (except by start(), before anyone else knows the camera), so that
   * close() and drop() never miss a run being started.
   */
  private Run launch() {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "info", "-nostats", "-nostdin",
        "-re", "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps));
    command.addAll(format.encoder);
    command.addAll(List.of("-g", String.valueOf(fps), "-f", format.muxer, "-listen", "1", url()));
    try {
      long logStart = Files.exists(logFile()) ? Files.size(logFile()) : 0;
      return new Run(ChildProcesses.start(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))), logStart);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run ffmpeg (apt-get install ffmpeg)", e);
    }
  }

  /** Waits until the run is up; false if it ended without serving anyone: then it could not start. */
  private boolean awaitListening(Run awaited) {
    awaitUp(awaited);
    return awaited.process().isAlive() || logOf(awaited).contains(format.serving());
  }

  /**
   * Waits until the run listens or serves a connected client, or ended. Looks at the kernel's
   * socket table instead of connecting: a probe connection would be the one client this run serves.
   */
  private void awaitUp(Run awaited) {
    try {
      Awaitility.await("ffmpeg listening on port " + port).atMost(LISTEN_TIMEOUT).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20)).until(() -> !awaited.process().isAlive() || up());
    } catch (ConditionTimeoutException e) {
      close();
      throw new IllegalStateException("ffmpeg did not listen on 127.0.0.1:" + port + " within " + LISTEN_TIMEOUT.toSeconds()
          + " s; its log:\n" + log(), e);
    }
  }

  /**
   * Whether a socket on 127.0.0.1:port listens or has a connected client: /proc/net/tcp lists it
   * with local address 0100007F:PORT (hexadecimal, the address in host byte order) and state 0A
   * (listen) or 01 (established; a client that left puts ffmpeg's side in close-wait, 08).
   */
  private boolean up() throws IOException {
    String local = String.format("0100007F:%04X", port);
    try (Stream<String> lines = Files.lines(Path.of("/proc/net/tcp"))) {
      return lines.map(line -> line.trim().split("\\s+")).anyMatch(fields -> fields.length > 3 && fields[1].equals(local)
          && (fields[3].equals("0A") || fields[3].equals("01")));
    }
  }

  /** Sends a signal with kill(1): ProcessHandle can only terminate a process, not stop or continue it. */
  private static void signal(Process process, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0 && process.isAlive()) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal, e);
    }
  }

  private void requireNotClosed() {
    if (state == State.CLOSED) {
      throw new IllegalStateException("the camera is closed");
    }
  }

  private Path logFile() {
    return dir.resolve("test-camera-" + port + ".log");
  }

  /** The part of the log that one run wrote. */
  private String logOf(Run of) {
    try {
      byte[] log = Files.readAllBytes(logFile());
      int start = (int) Math.min(of.logStart(), log.length);
      return new String(log, start, log.length - start, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String read(Path file) {
    try {
      // not readString: a program's output need not be valid UTF-8
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")\n";
    }
  }
}
