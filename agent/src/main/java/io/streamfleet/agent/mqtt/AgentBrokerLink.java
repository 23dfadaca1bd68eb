package io.streamfleet.agent.mqtt;

import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.protocol.mqtt.MqttSettings;
import io.streamfleet.protocol.mqtt.MqttTopics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one connection to the MQTT broker ({@code --mqtt}). After every (re)connect it
 * publishes the node's status as online (retained), then tells its listeners (the event sink,
 * which sends what was in flight again); the broker publishes the will, "offline", when it loses
 * the agent; {@link #close()} publishes "offline" itself before disconnecting.
 */
public final class AgentBrokerLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentBrokerLink.class);
  private static final long PUBACK_WAIT_MS = 2_000;

  private final NodeStatus status;
  private final MqttTopics topics;
  /** Complete once start has it; a connect reported before then waits for it. */
  private final CompletableFuture<MqttConnection> connection = new CompletableFuture<>();
  private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();

  private AgentBrokerLink(NodeStatus status, MqttTopics topics) {
    this.status = status;
    this.topics = topics;
  }

  /** Starts connecting in the background; a broker that is down is no error (it keeps trying). */
  public static AgentBrokerLink start(MqttSettings settings, NodeStatus status) {
    MqttTopics topics = settings.topics();
    AgentBrokerLink link = new AgentBrokerLink(status, topics);
    link.connection.complete(MqttConnection.start(settings, "streamfleet-agent-" + status.nodeId(), status.will(topics), link::connected));
    return link;
  }

  public MqttConnection connection() {
    return connection.join();
  }

  public MqttTopics topics() {
    return topics;
  }

  /** Runs {@code listener} after every (re)connect, once the online status is out. */
  public void whenConnected(Runnable listener) {
    connectedListeners.add(listener);
  }

  /** The connection's callback thread, after each (re)connect. */
  private void connected() {
    connection.thenAccept(c -> {
      awaitPuback(c.publish(status.topic(topics), status.online(), true), "the online status");
      connectedListeners.forEach(Runnable::run);
    });
  }

  /** Publishes "offline" (retained), then disconnects so that the broker discards the will. Idempotent. */
  @Override
  public void close() {
    MqttConnection c = connection.getNow(null);
    if (c == null) {
      return;
    }
    awaitPuback(c.publish(status.topic(topics), NodeStatus.OFFLINE, true), "the offline status");
    c.close();
  }

  private static void awaitPuback(CompletableFuture<Void> puback, String what) {
    try {
      puback.get(PUBACK_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("MQTT: {} was not confirmed: {}", what, e.getCause() == null ? e.toString() : e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
