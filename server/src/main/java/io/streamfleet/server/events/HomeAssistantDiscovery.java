package io.streamfleet.server.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.protocol.mqtt.MqttTopics;
import io.streamfleet.server.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Home Assistant MQTT discovery (off unless {@code --mqtt-discovery}): while this server leads it
 * publishes, retained under {@code homeassistant/}, a motion binary sensor per camera (state:
 * {@code {p}/{camera}/motion}) and a connectivity binary sensor per node (state:
 * {@code {p}/nodes/{node}/state}), available while any server is. It republishes everything when
 * Home Assistant announces itself ({@code homeassistant/status} {@code online}), adds entities for
 * new cameras and nodes, and removes those of deleted ones (an empty retained config).
 */
final class HomeAssistantDiscovery {
  private static final Logger log = LoggerFactory.getLogger(HomeAssistantDiscovery.class);
  static final String STATUS_TOPIC = "homeassistant/status";

  private final MqttConnection mqtt;
  private final MqttTopics topics;
  private final StateStore store;
  /** config topic → payload, as last published. */
  private final Map<String, String> published = new HashMap<>();
  private volatile boolean leading;
  private final java.util.concurrent.atomic.AtomicBoolean syncPending = new java.util.concurrent.atomic.AtomicBoolean();

  HomeAssistantDiscovery(MqttConnection mqtt, MqttTopics topics, StateStore store) {
    this.mqtt = mqtt;
    this.topics = topics;
    this.store = store;
    mqtt.subscribe(STATUS_TOPIC, m -> {
      if ("online".equals(new String(m.payload(), StandardCharsets.UTF_8).trim())) {
        republish();
      }
    });
    store.onChange(() -> {
      if (leading && syncPending.compareAndSet(false, true)) { // a burst of commits: one sync
        Thread.ofVirtual().name("ha-discovery").start(() -> {
          syncPending.set(false);
          sync();
        });
      }
    });
  }

  void leadershipGained() {
    leading = true;
    republish();
  }

  void leadershipLost() {
    leading = false;
  }

  private synchronized void republish() {
    published.clear();
    sync();
  }

  /** Publishes what changed since the last time: new or changed configs, and removals. */
  synchronized void sync() {
    if (!leading || !mqtt.connected()) {
      return;
    }
    Map<String, String> wanted = store.read(s -> {
      Map<String, String> out = new HashMap<>();
      Set<String> servers = s.serverIds();
      s.streams().forEach(x -> out.put(configTopic("motion", x.spec().id()), motion(x.spec().id(), servers)));
      s.nodes().forEach(n -> out.put(configTopic("node", n.id()), node(n.id(), servers)));
      return out;
    });
    wanted.forEach((topic, payload) -> {
      if (!payload.equals(published.get(topic))) {
        mqtt.publish(topic, payload.getBytes(StandardCharsets.UTF_8), true);
        published.put(topic, payload);
      }
    });
    published.keySet().removeIf(topic -> {
      if (!wanted.containsKey(topic)) {
        mqtt.publish(topic, new byte[0], true); // an empty retained config removes the entity
        return true;
      }
      return false;
    });
    log.debug("Home Assistant discovery: {} entities", published.size());
  }

  private String configTopic(String what, String id) {
    return "homeassistant/binary_sensor/" + objectId(what, id) + "/config";
  }

  private String objectId(String what, String id) {
    return topics.prefix().replace('/', '_') + "_" + what + "_" + id.replace('.', '_');
  }

  private String motion(String camera, Set<String> servers) {
    ObjectNode c = base(objectId("motion", camera), camera + " motion", servers);
    c.put("state_topic", topics.motion(camera));
    c.put("payload_on", "ON");
    c.put("payload_off", "OFF");
    c.put("device_class", "motion");
    c.set("device", device(camera, "camera"));
    return c.toString();
  }

  private String node(String node, Set<String> servers) {
    ObjectNode c = base(objectId("node", node), node + " node", servers);
    c.put("state_topic", topics.prefix() + "/nodes/" + node + "/state");
    c.put("value_template", "{{ 'ON' if value_json.kind == 'ready' else 'OFF' }}");
    c.put("device_class", "connectivity");
    c.set("device", device(node, "node"));
    return c.toString();
  }

  private ObjectNode base(String uniqueId, String name, Set<String> servers) {
    ObjectNode c = Json.mapper().createObjectNode();
    c.put("name", name);
    c.put("unique_id", uniqueId);
    ArrayNode availability = c.putArray("availability");
    servers.stream().sorted().forEach(id -> availability.addObject().put("topic", topics.serverStatus(id)));
    c.put("availability_mode", "any");
    return c;
  }

  private ObjectNode device(String id, String model) {
    ObjectNode d = Json.mapper().createObjectNode();
    d.putArray("identifiers").add(topics.prefix() + "_" + model + "_" + id);
    d.put("name", id);
    d.put("manufacturer", "Streamfleet");
    d.put("model", model);
    return d;
  }
}
