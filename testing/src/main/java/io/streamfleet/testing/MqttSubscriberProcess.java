package io.streamfleet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An independent MQTT client for tests: {@code mosquitto_sub -v -q 1} on a loopback broker, whose
 * received messages are collected as {@code "topic payload"} lines. {@link #start} returns once the
 * broker acknowledged the subscription, so every message published afterwards is seen.
 *
 * <p>Readiness comes from mosquitto_sub's debug output ({@code -d}: "received SUBACK"), run under
 * {@code stdbuf -oL} because mosquitto_sub buffers its output when it is not a terminal. Debug lines
 * (starting "Client " or "Subscribed ") are kept apart from the messages.
 */
public final class MqttSubscriberProcess implements AutoCloseable {
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final List<String> debug = new CopyOnWriteArrayList<>();

  private MqttSubscriberProcess(Process process) {
    this.process = process;
    Thread.ofPlatform().daemon().name("mosquitto_sub-output").start(this::collectOutput);
  }

  /** Subscribes with MQTT 5. */
  public static MqttSubscriberProcess start(int port, String topicFilter) {
    return start(port, topicFilter, false);
  }

  /** Subscribes with MQTT 3.1.1 when {@code mqtt311}, else MQTT 5. */
  public static MqttSubscriberProcess start(int port, String topicFilter, boolean mqtt311) {
    return start(port, topicFilter, mqtt311 ? List.of("-V", "mqttv311") : List.of());
  }

  /**
   * Subscribes with a persistent session ({@code -c -i clientId}, MQTT 5, session kept for an
   * hour): while it is away (a broker restart with persistence on) the broker keeps its QoS 1
   * messages, and it gets them when it reconnects, so it misses nothing.
   */
  public static MqttSubscriberProcess startPersistent(int port, String topicFilter, String clientId) {
    return start(port, topicFilter, List.of("-c", "-i", clientId, "-x", "3600"));
  }

  private static MqttSubscriberProcess start(int port, String topicFilter, List<String> options) {
    List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port),
        "-t", topicFilter, "-v", "-q", "1", "-d"));
    command.addAll(options);
    MqttSubscriberProcess subscriber;
    try {
      subscriber = new MqttSubscriberProcess(ChildProcesses.start(new ProcessBuilder(command).redirectErrorStream(true)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run mosquitto_sub (apt-get install mosquitto-clients)", e);
    }
    subscriber.awaitSubscribed();
    return subscriber;
  }

  /** The messages received so far, as {@code "topic payload"}, in arrival order. */
  public List<String> lines() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitSubscribed() {
    try {
      Awaitility.await("mosquitto_sub subscribed").atMost(SUBSCRIBE_TIMEOUT).pollInterval(Duration.ofMillis(10))
          .until(() -> !process.isAlive() || debug.stream().anyMatch(line -> line.contains("received SUBACK")));
    } catch (ConditionTimeoutException e) {
      close();
      throw new IllegalStateException("mosquitto_sub did not subscribe within " + SUBSCRIBE_TIMEOUT.toSeconds() + " s; output:\n"
          + String.join("\n", debug), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("mosquitto_sub exited with " + process.exitValue() + "; output:\n" + String.join("\n", debug)
          + String.join("\n", messages));
    }
  }

  private void collectOutput() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        (line.startsWith("Client ") || line.startsWith("Subscribed ") ? debug : messages).add(line);
      }
    } catch (IOException e) {
      debug.add("(output closed: " + e.getMessage() + ")");
    }
  }
}
