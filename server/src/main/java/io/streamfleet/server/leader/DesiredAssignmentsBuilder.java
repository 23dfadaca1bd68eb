package io.streamfleet.server.leader;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.Handover;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.job.FfmpegCommand;
import io.streamfleet.model.job.FfmpegSettings;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.JobRun;
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
    return forNodes(state, nodeIds, j -> jobInstance(state, j));
  }

  /**
   * The same, taking each job attempt's instance from {@code jobInstances} (an attempt's instance
   * never changes, so the pusher builds each once).
   */
  public static java.util.Map<String, DesiredAssignments> forNodes(ClusterState state, java.util.Collection<String> nodeIds,
      java.util.function.Function<JobRecord, DesiredInstance> jobInstances) {
    java.util.Map<String, DesiredAssignments.Builder> byNode = new java.util.HashMap<>();
    nodeIds.forEach(id -> byNode.put(id, DesiredAssignments.newBuilder()));
    for (Assignment a : state.assignments()) {
      DesiredAssignments.Builder out = a.node() == null ? null : byNode.get(a.node());
      if (out != null) {
        addInstance(state, out, a.streamId(), a.epoch(), a.version());
      }
      // A make-before-break move's successor runs beside the current instance until it takes over.
      Handover h = a.handover();
      DesiredAssignments.Builder successor = h == null ? null : byNode.get(h.toNode());
      if (successor != null) {
        addInstance(state, successor, a.streamId(), h.epoch(), h.version());
      }
    }
    for (String nodeId : state.nodesWithJobs()) {
      DesiredAssignments.Builder out = byNode.get(nodeId);
      if (out != null) {
        state.jobsOn(nodeId).forEach(j -> out.addInstances(jobInstances.apply(j)));
      }
    }
    java.util.Map<String, DesiredAssignments> built = new java.util.HashMap<>();
    byNode.forEach((id, b) -> built.put(id, b.setStateIndex(state.appliedIndex()).build()));
    return built;
  }

  private static void addInstance(ClusterState state, DesiredAssignments.Builder out, String streamId, long epoch, long version) {
    StoredStream s = state.stream(streamId);
    ProcessorSpec p = state.processorAt(s.spec().processor(), version);
    if (p == null) {
      return;
    }
    out.addInstances(DesiredInstance.newBuilder()
        .setStreamId(streamId)
        .setEpoch(epoch)
        .setUrl(s.spec().url())
        .setProcessor(processor(p))
        .putAllParams(s.spec().params())
        .setExclusive(s.spec().handover() == io.streamfleet.model.HandoverPolicy.EXCLUSIVE));
  }

  /**
   * One job attempt as an instance: {@code job:ID} at the attempt's epoch, always exclusive (an
   * attempt runs only under its node's lease), run once through the exec driver.
   */
  static DesiredInstance jobInstance(ClusterState state, JobRecord j) {
    JobSpec spec = j.spec();
    JobRun.Builder run = JobRun.newBuilder().setJobId(j.id()).setTimeoutMs(spec.timeoutMs());
    DesiredInstance.Builder d = DesiredInstance.newBuilder()
        .setStreamId(JobIds.instanceId(j.id()))
        .setEpoch(j.epoch())
        .putAllParams(spec.params())
        .setExclusive(true);
    if (spec.runsScenario()) {
      FfmpegSettings f = spec.ffmpeg();
      run.setProgress("ffmpeg").setMediaSeconds(f.durationS());
      if (!f.discards()) {
        run.setOutputFile(f.output());
      }
      d.setUrl(f.input() == null ? FfmpegSettings.DEFAULT_INPUT : f.input())
          .setProcessor(Processor.newBuilder().setName("scenario:" + spec.scenario()).setVersion(1)
              .setDriver(io.streamfleet.model.DriverKind.EXEC.wireName()).addAllCommand(FfmpegCommand.argv(f)));
    } else {
      ProcessorSpec p = state.processor(spec.processor());
      d.setUrl(spec.input());
      if (p != null) {
        d.setProcessor(processor(p));
      }
    }
    return d.setJob(run).build();
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
