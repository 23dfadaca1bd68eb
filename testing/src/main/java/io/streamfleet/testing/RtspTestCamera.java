package io.streamfleet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An RTSP network camera for tests and benchmarks, needing no camera: GStreamer's RTSP server
 * ({@code rtsp_camera.py}, run by python3) serves a live test picture, H.264, at
 * {@code rtsp://127.0.0.1:PORT/camera} to any number of clients at once, over RTP/TCP or RTP/UDP.
 * Tests that use it carry {@code @RequiresProgram(value = {"ffmpeg", "python3"}, ...)} naming the
 * packages python3-gi, gir1.2-gst-rtsp-server-1.0 and gstreamer1.0-plugins-{base,good,ugly}; when
 * one is missing, {@link #start} fails with the script's complaint.
 *
 * <p>{@link #drop()} kills the server (SIGKILL: clients lose their connection without a goodbye,
 * new ones are refused) until {@link #comeBack()} starts it again on the same port. The script's
 * output goes to {@link #log()}, a file in the given directory.
 */
public final class RtspTestCamera implements AutoCloseable {
  /** Longer than for ffmpeg: the first GStreamer run on a machine builds its plugin registry. */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int PORT_ATTEMPTS = 3;
  /**
   * Debian's python3-gi is importable only by the system's python; a python3 from pyenv or a
   * virtualenv, earlier on the PATH, would not find it.
   */
  private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  private final Path dir;
  private final int port;
  private final int width;
  private final int height;
  private final int fps;
  private Process process;

  private RtspTestCamera(Path dir, int port, int width, int height, int fps) {
    this.dir = dir;
    this.port = port;
    this.width = width;
    this.height = height;
    this.fps = fps;
  }

  /** Starts a camera on a free loopback port; returns once it accepts connections. */
  public static RtspTestCamera start(Path dir, int width, int height, int fps) {
    for (int attempt = 1; ; attempt++) {
      RtspTestCamera camera = new RtspTestCamera(dir, TestCamera.freeLoopbackPort(), width, height, fps);
      camera.copyScript();
      if (camera.launch()) {
        return camera;
      }
      if (attempt == PORT_ATTEMPTS || !camera.log().contains("Address already in use")) {
        throw new IllegalStateException("the RTSP camera did not start on 127.0.0.1:" + camera.port + "; its output:\n" + camera.log());
      }
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "rtsp://127.0.0.1:" + port + "/camera";
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** The camera goes away: the server is killed (SIGKILL); connections are refused. */
  public synchronized void drop() {
    if (running()) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  /** After {@link #drop()}: online again on the same port; returns once it accepts connections. */
  public synchronized void comeBack() {
    if (!running() && !launch()) {
      throw new IllegalStateException("the RTSP camera did not come back on 127.0.0.1:" + port + "; its output:\n" + log());
    }
  }

  /** The script's output (all runs), for failure messages. */
  public String log() {
    return TestCamera.read(logFile());
  }

  /** Stops the server with SIGTERM (it exits cleanly), or SIGKILL if it does not; idempotent. */
  @Override
  public synchronized void close() {
    if (running()) {
      process.destroy();
      awaitExit();
    }
  }

  /** Starts the server and waits until it accepts connections; false if it exited instead. */
  private boolean launch() {
    Process started;
    try {
      started = process = ChildProcesses.start(new ProcessBuilder(PYTHON, script().toString(), "--port", String.valueOf(port),
          "--width", String.valueOf(width), "--height", String.valueOf(height), "--fps", String.valueOf(fps))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + PYTHON + " (apt-get install python3)", e);
    }
    try {
      // A connection without a request does the RTSP server no harm, unlike ffmpeg's listen mode.
      Awaitility.await("RTSP camera accepting on port " + port).atMost(STARTUP_TIMEOUT).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50)).until(() -> !started.isAlive() || TestCamera.accepts(port));
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      awaitExit();
      throw new IllegalStateException("the RTSP camera did not accept connections on 127.0.0.1:" + port + " within "
          + STARTUP_TIMEOUT.toSeconds() + " s; its output:\n" + log(), e);
    }
    return started.isAlive();
  }

  private void awaitExit() {
    ChildProcesses.awaitExit(process, STOP_TIMEOUT);
  }


  /** The script lives in the jar; python needs it as a file. */
  private void copyScript() {
    try (InputStream in = RtspTestCamera.class.getResourceAsStream("rtsp_camera.py")) {
      if (in == null) {
        throw new IllegalStateException("rtsp_camera.py is missing from the classpath (io/streamfleet/testing/)");
      }
      Files.createDirectories(dir);
      Files.copy(in, script(), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy rtsp_camera.py to " + dir, e);
    }
  }

  private Path script() {
    return dir.resolve("rtsp_camera.py").toAbsolutePath();
  }

  private Path logFile() {
    return dir.resolve("rtsp-camera-" + port + ".log");
  }
}
