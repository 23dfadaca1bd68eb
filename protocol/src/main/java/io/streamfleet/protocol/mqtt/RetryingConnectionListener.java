package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.exceptions.MqttDecodeException;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientReconnector;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Listens to one HiveMQ client (on its network thread): reports connects to the owner and decides,
 * after every lost connection or failed attempt, whether and when to try again.
 *
 * <p>Why not HiveMQ's {@code automaticReconnect()}: {@link MqttConnection#close()} must cancel a
 * pending retry. While HiveMQ waits to retry, its {@code disconnect()} fails with "not connected"
 * and the retry would connect anyway. Here a retry waits for the backoff delay <em>or</em> for
 * {@code closing}, and is then cancelled if closing.
 */
final class RetryingConnectionListener implements MqttClientConnectedListener, MqttClientDisconnectedListener {
  /** What the owning {@link MqttConnection} hears. Both run on the client's network thread: do not block. */
  interface Owner {
    /** The client is connected (also after closing began: the owner then disconnects again). */
    void connected();

    /** The broker does not speak this client's MQTT version; this client has stopped for good. */
    void versionRefused();
  }

  private final MqttVersion version;
  private final ConnectionLog log;
  private final ReconnectBackoff backoff;
  private final CompletableFuture<Void> closing;
  private final Owner owner;

  RetryingConnectionListener(MqttVersion version, ConnectionLog log, ReconnectBackoff backoff, CompletableFuture<Void> closing,
      Owner owner) {
    this.version = version;
    this.log = log;
    this.backoff = backoff;
    this.closing = closing;
    this.owner = owner;
  }

  @Override
  public void onConnected(MqttClientConnectedContext context) {
    log.connected(version);
    owner.connected();
  }

  @Override
  public void onDisconnected(MqttClientDisconnectedContext context) {
    MqttClientReconnector reconnector = context.getReconnector();
    if (context.getSource() == MqttDisconnectSource.USER || closing.isDone()) {
      reconnector.reconnect(false);
      return;
    }
    if (refusesVersion(context.getCause())) {
      reconnector.reconnect(false);
      log.versionRefused();
      owner.versionRefused();
      return;
    }
    log.failed(context.getCause());
    Duration delay = backoff.delay(reconnector.getAttempts(), ThreadLocalRandom.current().nextDouble());
    CompletableFuture<Void> delayed = new CompletableFuture<Void>().completeOnTimeout(null, delay.toMillis(), TimeUnit.MILLISECONDS);
    // The callback runs on the client's network thread, where the reconnector may still be changed.
    reconnector.reconnectWhen(CompletableFuture.anyOf(delayed, closing), (ignored, error) -> {
      if (closing.isDone()) {
        reconnector.reconnect(false);
      }
    });
  }

  /**
   * A broker without MQTT 5 answers the CONNECT with the 3.1.1 CONNACK "unacceptable protocol
   * version", which HiveMQ reports as this reason code, or (Moquette, the dev cluster's broker) as
   * a CONNACK it cannot decode. (A broker that just closes the connection instead looks like any
   * other failure and is retried with MQTT 5.)
   */
  static boolean refusesVersion(Throwable cause) {
    if (cause instanceof Mqtt5ConnAckException refused) {
      return refused.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
    }
    // A 3.1.1 CONNACK refusing the version (return code 1) is no valid MQTT 5 CONNACK: the MQTT 5
    // decoder fails on it (Moquette answers so).
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof MqttDecodeException || (t.getMessage() != null && t.getMessage().contains("decoding CONNACK"))) {
        return true;
      }
    }
    return false;
  }
}
