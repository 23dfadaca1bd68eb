package io.streamfleet.model.webhook;

import java.util.SortedSet;

/**
 * A webhook: the leader POSTs every event-log entry its filter accepts to {@code url}, signed
 * with HMAC-SHA256 under {@code secret}, retrying with backoff until the receiver answers 2xx.
 * Each filter set is empty for "any" (the event stream's filters: type, kind, stream, node, zone).
 *
 * @param secret the HMAC key; never shown again after creation
 */
public record WebhookSpec(
    String id,
    String url,
    String secret,
    SortedSet<String> types,
    SortedSet<String> kinds,
    SortedSet<String> streams,
    SortedSet<String> nodes,
    SortedSet<String> zones,
    String description) {

  public WebhookSpec {
    types = copy(types);
    kinds = copy(kinds);
    streams = copy(streams);
    nodes = copy(nodes);
    zones = copy(zones);
  }

  private static SortedSet<String> copy(SortedSet<String> s) {
    return s == null ? new java.util.TreeSet<>() : new java.util.TreeSet<>(s);
  }

  /** This spec as shown to users: the secret masked. */
  public WebhookSpec masked() {
    return new WebhookSpec(id, url, "****", types, kinds, streams, nodes, zones, description);
  }
}
