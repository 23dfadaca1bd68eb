package io.streamfleet.agent.session;

import io.streamfleet.model.ExecPolicy;

import io.streamfleet.model.Ids;
import io.streamfleet.model.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An agent's identity and where its servers are.
 *
 * @param servers agent RPC addresses (host:port) of any of the servers; the agent tries them in turn
 * @param exec which exec processors this agent runs (advertised at registration)
 */
public record AgentSettings(
    String nodeId, List<String> servers, String zone, Map<String, String> labels, String nodeClass, Resources capacity,
    Duration maxBackoff, ExecPolicy exec) {

  /** Settings that allow any exec processor (tests and simulations). */
  public AgentSettings(String nodeId, List<String> servers, String zone, Map<String, String> labels, String nodeClass, Resources capacity,
      Duration maxBackoff) {
    this(nodeId, servers, zone, labels, nodeClass, capacity, maxBackoff, ExecPolicy.ANY);
  }

  public AgentSettings {
    if (!Ids.isValid(nodeId)) {
      throw new IllegalArgumentException("--node-id '" + nodeId + "' is invalid; " + Ids.RULE);
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("--servers is empty; give at least one server's agent RPC address, e.g. 10.0.0.1:7070");
    }
    for (String s : servers) {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
        throw new IllegalArgumentException("--servers entry '" + s + "' is not host:port (e.g. 10.0.0.1:7070)");
      }
    }
    if (zone != null && !Ids.isValid(zone)) {
      throw new IllegalArgumentException("--zone '" + zone + "' is invalid; " + Ids.RULE);
    }
    servers = List.copyOf(servers);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    exec = ExecPolicy.orDenied(exec);
  }
}
