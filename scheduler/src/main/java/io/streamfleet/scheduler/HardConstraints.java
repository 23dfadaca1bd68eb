package io.streamfleet.scheduler;

import java.util.Map;

/**
 * The rules a node must meet to run a stream at all, apart from free capacity ({@link
 * NodeLoad#fits}). Zone reach also says how much the scheduler likes the zone: the stream's own
 * zone is tier 0, its overlap zones tier 1.
 */
final class HardConstraints {
  static final int UNREACHABLE = -1;
  static final int OWN_ZONE = 0;
  static final int OVERLAP_ZONE = 1;

  private HardConstraints() {}

  /**
   * {@link #OWN_ZONE} when the node is in the stream's zone (or the stream names none), {@link
   * #OVERLAP_ZONE} when the node's zone is one of its overlap zones (or they include "*"), else
   * {@link #UNREACHABLE}. A node without a zone is reachable only through "*".
   */
  static int zoneTier(StreamSlot stream, String nodeZone) {
    if (stream.zone() == null || stream.zone().equals(nodeZone)) {
      return OWN_ZONE;
    }
    if (stream.overlapZones().contains(StreamSlot.ANY_ZONE)
        || (nodeZone != null && stream.overlapZones().contains(nodeZone))) {
      return OVERLAP_ZONE;
    }
    return UNREACHABLE;
  }

  /** Every selector entry is among the node's labels with the same value. */
  static boolean matchesLabels(StreamSlot stream, NodeSlot node) {
    for (Map.Entry<String, String> wanted : stream.nodeSelector().entrySet()) {
      if (!wanted.getValue().equals(node.labels().get(wanted.getKey()))) {
        return false;
      }
    }
    return true;
  }

  static boolean hasAccelerator(StreamSlot stream, NodeSlot node) {
    String wanted = stream.request().accelerator();
    return wanted == null || wanted.equals(node.capacity().accelerator());
  }

  /** Everything but free capacity: ready, reachable zone, labels and accelerator. */
  static boolean admits(NodeSlot node, StreamSlot stream) {
    return node.schedulable()
        && zoneTier(stream, node.zone()) != UNREACHABLE
        && matchesLabels(stream, node)
        && hasAccelerator(stream, node);
  }

  /** Whether a node's whole capacity (ignoring what runs there) could hold the request. */
  static boolean couldEverHold(NodeSlot node, StreamSlot stream) {
    return NodeLoad.fitsOne(stream.request().cpuMillis(), node.capacity().cpuMillis())
        && NodeLoad.fitsOne(stream.request().memoryMb(), node.capacity().memoryMb())
        && NodeLoad.fitsOne(stream.request().gpu(), node.capacity().gpu());
  }
}
