package io.streamfleet.cli;

import io.streamfleet.model.Drain;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.api.NodeView;
import java.util.TreeMap;

/** Test data: {@code aNode("n1").state(NodeState.DRAINING).streams(3).drain(...).build()}. */
final class NodeViewBuilder {
  static final long T0 = 1_767_000_000_000L;

  private final String id;
  private NodeState state = NodeState.READY;
  private String reason;
  private int streams;
  private Drain drain;

  private NodeViewBuilder(String id) {
    this.id = id;
  }

  static NodeViewBuilder aNode(String id) {
    return new NodeViewBuilder(id);
  }

  /** Draining since {@link #T0}, 2 at a time, deadline ten minutes later. */
  static Drain draining() {
    return new Drain(2, T0, T0 + 600_000, 0, null);
  }

  NodeViewBuilder state(NodeState v) {
    state = v;
    return this;
  }

  NodeViewBuilder reason(String v) {
    reason = v;
    return this;
  }

  NodeViewBuilder streams(int v) {
    streams = v;
    return this;
  }

  NodeViewBuilder drain(Drain v) {
    drain = v;
    return this;
  }

  NodeView build() {
    return new NodeView(id, state, reason, T0, "zone-a", new TreeMap<>(), "desktop", Resources.of(4_000, 8_192), Resources.of(500 * streams, 128 * streams),
        null, 120L, streams, "agent", 0, drain);
  }
}
