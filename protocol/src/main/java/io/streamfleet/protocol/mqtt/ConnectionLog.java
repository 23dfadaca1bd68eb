package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the changes of one connection at INFO, once per change: connected, lost (with the reason),
 * cannot connect yet, MQTT 5 refused, closed. Further failed attempts of the same outage log at
 * DEBUG. The broker is named by its redacted URL, so the password never reaches a log.
 */
final class ConnectionLog {
  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

  private enum State { STARTING, CONNECTED, RETRYING, CLOSED }

  private final String broker;
  private final String clientId;
  private State state = State.STARTING;

  ConnectionLog(MqttSettings settings, String clientId) {
    this.broker = settings.redacted();
    this.clientId = clientId;
  }

  synchronized void connected(MqttVersion version) {
    if (state != State.CLOSED) {
      log.info("MQTT: {} connected to {} ({})", clientId, broker, name(version));
      state = State.CONNECTED;
    }
  }

  synchronized void failed(Throwable cause) {
    switch (state) {
      case CONNECTED -> log.info("MQTT: {} lost its connection to {}: {}; reconnecting", clientId, broker, reason(cause));
      case STARTING -> log.info("MQTT: {} cannot connect to {} yet: {}; retrying in the background", clientId, broker, reason(cause));
      case RETRYING -> log.debug("MQTT: {} still cannot connect to {}: {}", clientId, broker, reason(cause));
      case CLOSED -> { }
    }
    if (state != State.CLOSED) {
      state = State.RETRYING;
    }
  }

  synchronized void versionRefused() {
    log.info("MQTT: {} refuses MQTT 5; {} speaks MQTT 3.1.1 to it from now on", broker, clientId);
  }

  synchronized void closed() {
    if (state != State.CLOSED) {
      log.info("MQTT: {} closed its connection to {}", clientId, broker);
      state = State.CLOSED;
    }
  }

  static String name(MqttVersion version) {
    return version == MqttVersion.MQTT_5_0 ? "MQTT 5" : "MQTT 3.1.1";
  }

  /** The messages of a cause chain ("connection failed: Connection refused: /127.0.0.1:1883"). */
  static String reason(Throwable cause) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = cause; t != null && messages.size() < 3; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (messages.stream().noneMatch(m -> m.contains(message))) {
        messages.add(message);
      }
    }
    return String.join(": ", messages);
  }
}
