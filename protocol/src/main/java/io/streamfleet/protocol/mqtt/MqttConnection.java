package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to an MQTT broker that reconnects by itself (backoff from 0.1 s, doubling,
 * at most 5 s apart), with a clean session and nothing persisted.
 *
 * <p>Design: the connection speaks MQTT 5 through a {@link ProtocolClient}; when the broker
 * refuses MQTT 5 ("unsupported protocol version") it replaces that client, once, by an MQTT 3.1.1
 * one and stays there, replaying the subscriptions. A {@link RetryingConnectionListener} per client
 * decides retries and reports connects; {@link ConnectionLog} reports each change once.
 *
 * <p>Guarantees: {@link #start} never blocks and never fails because the broker is down.
 * {@link #publish} never queues: while disconnected it fails at once, because callers keep their
 * own durable outbox and retry. (A publish accepted just as the connection drops fails when the
 * clean reconnect discards it.) Callbacks ({@code onConnected}, subscription handlers) never run on
 * the network thread, and an exception thrown by one is logged and contained. {@link #close()} and
 * {@link #closeWithWill()} are idempotent; the first one called decides.
 */
public final class MqttConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
  /** How long close() waits for the DISCONNECT to go out, so that a process exiting right after still sends it. */
  private static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(2);

  private record Subscription(String topicFilter, Consumer<MqttMessage> handler) {}

  private final ClientOptions options;
  private final Runnable onConnected;
  private final ConnectionLog connectionLog;
  /** Completes when closing begins; cancels a pending retry. */
  private final CompletableFuture<Void> closing = new CompletableFuture<>();
  /** Runs onConnected in order, off the network thread (it may publish and wait for the PUBACK). */
  private final ExecutorService callbacks;
  private final Object connectedSignal = new Object();
  private final List<Subscription> subscriptions = new ArrayList<>(); // guarded by this
  private Function<ProtocolClient, CompletableFuture<Void>> closeAction; // guarded by this; null while open
  private volatile ProtocolClient client;

  private MqttConnection(ClientOptions options, Runnable onConnected) {
    this.options = options;
    this.onConnected = onConnected;
    this.connectionLog = new ConnectionLog(options.settings(), options.clientId());
    this.callbacks = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mqtt-" + options.clientId()).factory());
  }

  /**
   * Starts connecting in the background and returns at once; a broker that is down is not an
   * error, the connection keeps retrying. {@code onConnected} runs after every (re)connect, e.g. to
   * republish retained status. {@code will} may be null. {@code clientId} must be unique per
   * broker (e.g. "streamfleet-agent-node-1"): a second client with the same id takes over the session.
   *
   * @throws IllegalArgumentException if the TLS files of the settings cannot be used
   */
  public static MqttConnection start(MqttSettings settings, String clientId, MqttWill will, Runnable onConnected) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(onConnected, "onConnected");
    MqttConnection connection = new MqttConnection(ClientOptions.of(settings, clientId, will), onConnected);
    connection.useClient(MqttVersion.MQTT_5_0);
    return connection;
  }

  /** The MQTT version spoken now (MQTT 5 unless the broker refused it). */
  MqttVersion version() {
    return client.version();
  }

  public boolean connected() {
    return client.connected();
  }

  /**
   * QoS 1. Completes when the broker acknowledged (PUBACK); exceptionally at once when not connected
   * now, or when the broker refused the message.
   */
  public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
    ProtocolClient current = client;
    if (closing.isDone()) {
      return CompletableFuture.failedFuture(new IllegalStateException("the MQTT connection is closed"));
    }
    if (!current.connected()) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "not connected to the MQTT broker " + options.settings().redacted() + "; not publishing to " + topic + ", retry later"));
    }
    try {
      return current.publish(topic, payload, retained);
    } catch (RuntimeException e) { // HiveMQ checks topic names synchronously
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * QoS 1 subscription, renewed after every reconnect. May be called before the first connect.
   * The handler runs on a HiveMQ application thread; an exception it throws is logged.
   *
   * <p>Keep the filters of one connection from overlapping: a message that matches two of them
   * reaches each of their handlers twice (the broker sends one copy per matching subscription, and
   * HiveMQ hands every copy to every callback whose filter matches).
   */
  public synchronized void subscribe(String topicFilter, Consumer<MqttMessage> handler) {
    Subscription subscription = new Subscription(topicFilter, contained(topicFilter, handler));
    subscriptions.add(subscription);
    subscribeOn(client, subscription);
  }

  /** Waits up to {@code timeout} until connected (the first connection, or again after a loss); returns whether connected. */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (connectedSignal) {
      while (!connected() && !closing.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(connectedSignal, left);
      }
    }
    return connected();
  }

  /**
   * Publishes nothing more and sends DISCONNECT, waiting up to 2 s for it to go out; the broker
   * discards the will. Cancels a pending retry.
   */
  @Override
  public void close() {
    shutDown(ProtocolClient::disconnect);
  }

  /**
   * Like {@link #close()}, but so that the broker publishes the will: MQTT 5 DISCONNECT with reason
   * "disconnect with will message"; on MQTT 3.1.1 the connection is dropped without DISCONNECT.
   */
  public void closeWithWill() {
    shutDown(ProtocolClient::disconnectWithWill);
  }

  private void shutDown(Function<ProtocolClient, CompletableFuture<Void>> action) {
    ProtocolClient current;
    synchronized (this) {
      if (closeAction != null) {
        return;
      }
      closeAction = action;
      current = client;
    }
    closing.complete(null);
    connectionLog.closed();
    awaitQuietly(action.apply(current));
    callbacks.shutdown();
    synchronized (connectedSignal) {
      connectedSignal.notifyAll();
    }
  }

  /** Not connected is fine: the retry was cancelled by {@code closing} and there is nothing to disconnect. */
  private static void awaitQuietly(CompletableFuture<Void> disconnected) {
    try {
      disconnected.get(DISCONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("MQTT: disconnect did not complete: {}", ConnectionLog.reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void useClient(MqttVersion version) {
    if (closeAction != null) {
      return;
    }
    RetryingConnectionListener listener = new RetryingConnectionListener(version, connectionLog, ReconnectBackoff.DEFAULT, closing,
        new RetryingConnectionListener.Owner() {
          @Override
          public void connected() {
            onClientConnected();
          }

          @Override
          public void versionRefused() {
            useClient(MqttVersion.MQTT_3_1_1);
          }
        });
    client = ProtocolClient.create(version, options, listener);
    subscriptions.forEach(subscription -> subscribeOn(client, subscription));
    client.connect();
  }

  private void onClientConnected() {
    Function<ProtocolClient, CompletableFuture<Void>> closeRequested;
    synchronized (this) {
      closeRequested = closeAction;
    }
    if (closeRequested != null) { // connected while closing: the attempt was already under way
      closeRequested.apply(client);
      return;
    }
    synchronized (connectedSignal) {
      connectedSignal.notifyAll();
    }
    try {
      callbacks.execute(() -> {
        if (!closing.isDone()) { // no callback after close
          runContained("onConnected", onConnected);
        }
      });
    } catch (RejectedExecutionException e) {
      // closed in the meantime
    }
  }

  private void subscribeOn(ProtocolClient target, Subscription subscription) {
    target.subscribe(subscription.topicFilter(), subscription.handler()).whenComplete((ignored, error) -> {
      // A subscription of a client that was replaced by the MQTT 3.1.1 one fails harmlessly.
      if (error != null && !closing.isDone() && target == client) {
        log.warn("MQTT: {} could not subscribe to {}: {}", options.clientId(), subscription.topicFilter(), ConnectionLog.reason(error));
      }
    });
  }

  private Consumer<MqttMessage> contained(String topicFilter, Consumer<MqttMessage> handler) {
    return message -> runContained("the handler of " + topicFilter, () -> handler.accept(message));
  }

  private void runContained(String what, Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("MQTT: {} of {} failed", what, options.clientId(), e);
    }
  }
}
