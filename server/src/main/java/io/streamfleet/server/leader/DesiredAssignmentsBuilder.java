package io.streamfleet.server.leader;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StoredStream;

/** The desired processor instances of one node, as the protocol carries them. Pure. */
public final class DesiredAssignmentsBuilder {
  private DesiredAssignmentsBuilder() {}

  public static DesiredAssignments forNode(ClusterState state, String nodeId) {
    return forNodes(state, java.util.Set.of(nodeId)).get(nodeId);
  }

  /** The desired sets of {@code nodeIds} (each present, possibly empty), in one pass over the assignments. */
  public static java.util.Map<String, DesiredAssignments> forNodes(ClusterState state, java.util.Collection<String> nodeIds) {
    java.util.Map<String, DesiredAssignments.Builder> byNode = new java.util.HashMap<>();
    nodeIds.forEach(id -> byNode.put(id, DesiredAssignments.newBuilder()));
    for (Assignment a : state.assignments()) {
      DesiredAssignments.Builder out = a.node() == null ? null : byNode.get(a.node());
      if (out == null) {
        continue;
      }
      StoredStream s = state.stream(a.streamId());
      ProcessorSpec p = state.processor(s.spec().processor());
      if (p == null) {
        continue;
      }
      out.addInstances(DesiredInstance.newBuilder()
          .setStreamId(a.streamId())
          .setEpoch(a.epoch())
          .setUrl(s.spec().url())
          .setProcessor(processor(p))
          .putAllParams(s.spec().params())
          .setExclusive(s.spec().handover() == io.streamfleet.model.HandoverPolicy.EXCLUSIVE));
    }
    java.util.Map<String, DesiredAssignments> built = new java.util.HashMap<>();
    byNode.forEach((id, b) -> built.put(id, b.setStateIndex(state.appliedIndex()).build()));
    return built;
  }

  private static Processor processor(ProcessorSpec p) {
    Processor.Builder b = Processor.newBuilder()
        .setName(p.name())
        .setVersion(p.version())
        .setDriver(p.driver().wireName())
        .putAllEnv(p.env());
    if (p.builtin() != null) {
      b.setBuiltin(p.builtin());
    }
    if (p.command() != null) {
      b.addAllCommand(p.command());
    }
    if (p.workingDir() != null) {
      b.setWorkingDir(p.workingDir());
    }
    if (p.readiness() != null) {
      b.setReadinessKind(p.readiness().kind());
      if (p.readiness().pattern() != null) {
        b.setReadinessPattern(p.readiness().pattern());
      }
      if (p.readiness().delayMs() != null) {
        b.setReadinessDelayMs(p.readiness().delayMs());
      }
    }
    return b.build();
  }
}
