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
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real MQTT broker for tests: {@code mosquitto} as a child process, listening on a free loopback
 * port, with its configuration ({@code mosquitto.conf}) and log ({@code mosquitto.log}) in the
 * given directory. Anonymous access, no persistence. {@link #start} returns once the port accepts
 * connections; tests that use it carry {@code @RequiresProgram(value = "mosquitto", debianPackage = "mosquitto")}.
 *
 * <p>{@link #stop()}, {@link #kill()} and {@link #close()} are idempotent; {@link #restart()} brings
 * the broker back on the same port with the same configuration (retained messages are lost:
 * persistence is off).
 */
public final class MosquittoBroker implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  /** A free port can be taken by someone else before mosquitto binds it; then another is tried. */
  private static final int PORT_ATTEMPTS = 3;

  private final Path dir;
  private final int port;
  private Process process;

  private MosquittoBroker(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static MosquittoBroker start(Path dir) {
    return start(dir, "");
  }

  /**
   * @param extraConfig lines appended to the configuration, after the listener (so listener
   *     options such as {@code cafile} apply to it), e.g. a bridge:
   *     {@code connection central\naddress 127.0.0.1:PORT\ntopic streamfleet/# out 1}
   */
  public static MosquittoBroker start(Path dir, String extraConfig) {
    for (int attempt = 1; ; attempt++) {
      MosquittoBroker broker = new MosquittoBroker(dir, freeLoopbackPort());
      broker.writeConfig(extraConfig);
      if (broker.launch()) {
        return broker;
      }
      if (attempt == PORT_ATTEMPTS || !broker.log().contains("Address already in use")) {
        throw new IllegalStateException("mosquitto did not start on 127.0.0.1:" + broker.port + "; its log:\n" + broker.log());
      }
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public Path configFile() {
    return dir.resolve("mosquitto.conf");
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Stops with SIGTERM (mosquitto closes its clients' connections) and waits for the exit. */
  public void stop() {
    if (running()) {
      process.destroy();
      awaitExit();
    }
  }

  /** Stops with SIGKILL: connections break without a goodbye. */
  public void kill() {
    if (running()) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  /** Stops the broker if it runs and starts it again on the same port. */
  public void restart() {
    stop();
    if (!launch()) {
      throw new IllegalStateException("mosquitto did not restart on 127.0.0.1:" + port + "; its log:\n" + log());
    }
  }

  /** The broker's log and console output, for failure messages. */
  public String log() {
    return read(dir.resolve("mosquitto.log")) + read(dir.resolve("mosquitto.out"));
  }

  @Override
  public void close() {
    stop();
  }

  private void writeConfig(String extraConfig) {
    String config = String.join("\n",
        "# written by MosquittoBroker (streamfleet-testing)",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"),
        "log_type all",
        "connection_messages true",
        // Started as root, mosquitto switches to the user "mosquitto", which cannot read a test's
        // private temp directory; naming the current user keeps it (the option only applies to root).
        "user " + System.getProperty("user.name"),
        extraConfig,
        "");
    try {
      Files.createDirectories(dir);
      Files.writeString(configFile(), config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile(), e);
    }
  }

  /** Starts mosquitto and waits until it accepts connections; false if it exited instead. */
  private boolean launch() {
    try {
      process = ChildProcesses.start(new ProcessBuilder("mosquitto", "-c", configFile().toAbsolutePath().toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run mosquitto (apt-get install mosquitto)", e);
    }
    try {
      Awaitility.await("mosquitto accepting on port " + port).atMost(STARTUP_TIMEOUT).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20)).until(() -> !process.isAlive() || accepts(port));
    } catch (ConditionTimeoutException e) {
      kill();
      throw new IllegalStateException("mosquitto did not accept connections on 127.0.0.1:" + port + " within "
          + STARTUP_TIMEOUT.toSeconds() + " s; its log:\n" + log(), e);
    }
    return process.isAlive();
  }

  private void awaitExit() {
    ChildProcesses.awaitExit(process, STOP_TIMEOUT);
  }


  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")\n";
    }
  }
}
