package io.streamfleet.server.state;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.AuditEntry;
import io.streamfleet.model.BuiltinProcessors;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.AnnounceServer;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.model.command.EventsPublished;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CommandType;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteProcessor;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.model.command.CordonNode;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.model.command.ReportStatuses;
import io.streamfleet.model.command.PutProcessor;
import io.streamfleet.model.command.UpdateStream;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.command.IssueNodeCertificate;
import io.streamfleet.model.command.RemoveNode;
import io.streamfleet.model.command.RevokeToken;
import io.streamfleet.model.command.MoveStreams;
import io.streamfleet.model.command.AbortHandovers;
import io.streamfleet.model.command.DrainNode;
import io.streamfleet.model.command.SetRollout;
import io.streamfleet.model.Drain;
import io.streamfleet.model.Handover;
import io.streamfleet.model.MoveFailure;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.model.rollout.RolloutAction;
import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.model.job.FfmpegCommand;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.Scenario;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The replicated cluster state and the one place it changes: {@link #apply}.
 *
 * <p>Design note: {@code apply} is a deterministic function of (state, command, log index). It
 * reads no clock, random source, file or network (an ArchUnit test enforces the first two), so
 * every server applying the same log reaches the same state. Rejections are part of that
 * determinism: a command that conflicts with the state is rejected identically everywhere and
 * still recorded in the audit trail.
 *
 * <p>Not thread-safe: {@link StateStore} serialises access.
 */
public final class ClusterState {
  /** The audit trail keeps this many most recent entries. */
  public static final int AUDIT_LIMIT = 10_000;

  private final NavigableMap<String, StoredStream> streams = new TreeMap<>();
  private final NavigableMap<String, ProcessorSpec> processors = new TreeMap<>();
  private final NavigableMap<String, NodeRecord> nodes = new TreeMap<>();
  private final NavigableMap<String, Assignment> assignments = new TreeMap<>();
  private final ArrayDeque<AuditEntry> audit = new ArrayDeque<>();
  private final NavigableMap<String, String> serverRpcAddresses = new TreeMap<>();
  /** Exclusive instances told to stop and not yet known dead, by stream (see {@link StopFence}). */
  private final NavigableMap<String, StopFence> fences = new TreeMap<>();
  /**
   * The last epoch of every deleted stream: a stream created again under the same id continues
   * above it, so (stream, epoch) never names two instances (events de-duplicate by it).
   */
  private final NavigableMap<String, Long> retiredEpochs = new TreeMap<>();
  private final Credentials credentials = new Credentials();
  private final EventLog events = new EventLog();
  private final Rules rules = new Rules();
  private final Webhooks webhooks = new Webhooks();
  private final Jobs jobs = new Jobs(events);
  private final Rollouts rollouts = new Rollouts();
  /** HTTP worker → when it was last seen (wall clock of the proposer). */
  private final NavigableMap<String, Long> httpSeenMs = new TreeMap<>();
  private long nextAuditSeq = 1;
  private long appliedIndex;

  private ClusterState() {}

  /** A fresh cluster: no nodes or streams, the builtin processor specs. */
  public static ClusterState initial() {
    ClusterState s = new ClusterState();
    BuiltinProcessors.initialSpecs().forEach(p -> s.processors.put(p.name(), p));
    return s;
  }

  public static ClusterState restore(StateSnapshot snap) {
    if (snap.format() < 1 || snap.format() > StateSnapshot.FORMAT) {
      throw new IllegalArgumentException("state format " + snap.format() + " is not supported (this build reads 1.." + StateSnapshot.FORMAT + ")");
    }
    ClusterState s = new ClusterState();
    snap.streams().forEach(x -> s.streams.put(x.spec().id(), x));
    snap.processors().forEach(x -> s.processors.put(x.name(), x));
    snap.nodes().forEach(x -> s.nodes.put(x.id(), x));
    snap.assignments().forEach(x -> s.assignments.put(x.streamId(), x));
    // Records from before versions were tracked run the processor's version of the time: the current one.
    s.assignments.replaceAll((id, a) -> a.node() != null && a.version() == 0
        ? a.withVersion(s.currentVersion(s.streams.get(id).spec().processor())) : a);
    s.rollouts.restore(snap.rollouts());
    s.events.handovers().restore(snap.handoverEvents());
    s.audit.addAll(snap.audit());
    s.nextAuditSeq = snap.nextAuditSeq();
    if (snap.serverRpcAddresses() != null) {
      s.serverRpcAddresses.putAll(snap.serverRpcAddresses());
    }
    if (snap.fences() != null) {
      snap.fences().forEach(f -> s.fences.put(f.streamId(), f));
    }
    if (snap.retiredEpochs() != null) {
      s.retiredEpochs.putAll(snap.retiredEpochs());
    }
    s.appliedIndex = snap.appliedIndex() == null ? 0 : snap.appliedIndex();
    s.credentials.restore(snap.tokens(), snap.nodeCertificates(), snap.bootstrapTokenId());
    s.events.restore(snap.events(), snap.eventsTaken() == null ? null : new TreeMap<>(snap.eventsTaken()),
        snap.lastEventId() == null ? 0 : snap.lastEventId(), snap.publishedEventId() == null ? 0 : snap.publishedEventId());
    s.rules.restore(snap.rules());
    s.webhooks.restore(snap.webhooks());
    s.jobs.restore(snap.jobs(), snap.scenarios(), snap.nextJobSeq() == null ? 1 : snap.nextJobSeq());
    if (snap.httpSeenMs() != null) {
      s.httpSeenMs.putAll(snap.httpSeenMs());
    }
    return s;
  }

  public StateSnapshot snapshot() {
    return new StateSnapshot(StateSnapshot.FORMAT, List.copyOf(streams.values()), List.copyOf(processors.values()),
        List.copyOf(nodes.values()), List.copyOf(assignments.values()), List.copyOf(audit), nextAuditSeq,
        new TreeMap<>(serverRpcAddresses), List.copyOf(fences.values()), appliedIndex, new TreeMap<>(retiredEpochs),
        List.copyOf(credentials.tokens()), credentials.certificates(), credentials.bootstrapTokenId(), events.entries(),
        events.lastTaken(), events.lastId(), events.publishedId(), List.copyOf(rules.all()),
        List.copyOf(webhooks.all()), jobs.all(), List.copyOf(jobs.scenarios()), jobs.nextSeq(),
        new TreeMap<>(httpSeenMs), rollouts.save(), events.handovers().save());
  }

  /** Applies one committed command at {@code logIndex} and records it in the audit trail. */
  public CommandResult apply(Command command, long logIndex) {
    appliedIndex = Math.max(appliedIndex, logIndex);
    ChangeWatch watch = ChangeWatch.of(command) ? new ChangeWatch(assignments, nodes) : null;
    Map<String, io.streamfleet.model.rollout.Rollout> rolloutsBefore = rollouts.newest();
    CommandResult result = switch (command) {
      case CreateStream c -> createStream(c);
      case UpdateStream c -> updateStream(c);
      case DeleteStream c -> deleteStream(c);
      case PutProcessor c -> putProcessor(c);
      case DeleteProcessor c -> deleteProcessor(c);
      case RegisterNode c -> registerNode(c);
      case NodeDown c -> nodeDown(c);
      case NodeHealth c -> nodeHealth(c);
      case CordonNode c -> cordonNode(c);
      case PlaceStreams c -> placeStreams(c);
      case ReportStatus c -> reportStatus(c);
      case ReportStatuses c -> reportStatuses(c);
      case CreateToken c -> credentials.create(c);
      case RevokeToken c -> credentials.revoke(c);
      case IssueNodeCertificate c -> credentials.issue(c);
      case RemoveNode c -> removeNode(c);
      case io.streamfleet.model.command.AdmitServer c -> credentials.admitServer(c);
      case AppendEvents c -> events.append(c, assignments::get, this::zoneOf, this::isExclusive);
      case EventsPublished c -> events.published(c.upToId());
      case io.streamfleet.model.command.PutRule c -> rules.put(c);
      case io.streamfleet.model.command.DeleteRule c -> rules.delete(c, events);
      case io.streamfleet.model.command.FireRule c -> rules.fire(c, events);
      case io.streamfleet.model.command.EndRuleAction c -> rules.end(c, events);
      case io.streamfleet.model.command.PutWebhook c -> webhooks.put(c, events.lastId());
      case io.streamfleet.model.command.DeleteWebhook c -> webhooks.delete(c);
      case io.streamfleet.model.command.WebhookDelivered c -> webhooks.delivered(c);
      case io.streamfleet.model.command.SubmitJobs c -> jobs.submit(c);
      case io.streamfleet.model.command.DispatchJobs c -> jobs.dispatch(c, this::canRunJob);
      case io.streamfleet.model.command.ReportJobs c -> jobs.report(c, logIndex);
      case io.streamfleet.model.command.CancelJob c -> jobs.cancel(c, logIndex);
      case io.streamfleet.model.command.RetryJob c -> jobs.retry(c);
      case io.streamfleet.model.command.RequeueJobs c -> jobs.requeue(c, logIndex);
      case io.streamfleet.model.command.PurgeJobs c -> jobs.purge(c);
      case io.streamfleet.model.command.PutScenario c -> jobs.putScenario(c);
      case io.streamfleet.model.command.DeleteScenario c -> jobs.deleteScenario(c);
      case io.streamfleet.model.command.NodeSeen c -> nodeSeen(c);
      case MoveStreams c -> moveStreams(c);
      case AbortHandovers c -> abortHandovers(c);
      case DrainNode c -> drainNode(c);
      case SetRollout c -> setRollout(c);
      case AnnounceServer c -> {
        serverRpcAddresses.put(c.serverId(), c.rpcAddress());
        yield CommandResult.ok();
      }
    };
    if (watch != null && result.isOk()) {
      watch.report(assignments, nodes, events, this::zoneOf, command.meta().atMs());
    }
    // Rollouts start and change status through several commands (a new version, an operator, a
    // failing stream, the last stream updated): compare before and after, whatever the command.
    rollouts.newest().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(r -> events.rolloutChanged(rolloutsBefore.get(r.getKey()), r.getValue(), command.meta().atMs()));
    if (command instanceof DeleteStream d && result.isOk()) {
      events.forgetStream(d.id());
    }
    if (command.audited()) {
      record(command, logIndex, result);
    }
    return result;
  }

  private String zoneOf(String streamId) {
    StoredStream s = streams.get(streamId);
    return s == null ? null : s.spec().zone();
  }

  private CommandResult createStream(CreateStream c) {
    StreamSpec spec = c.spec();
    if (streams.containsKey(spec.id())) {
      return CommandResult.rejected(CommandResult.CONFLICT, "stream '" + spec.id() + "' already exists; change it with PUT /api/v1/streams/" + spec.id() + " or pick another id");
    }
    if (!processors.containsKey(spec.processor())) {
      return unknownProcessor(spec);
    }
    long at = c.meta().atMs();
    streams.put(spec.id(), new StoredStream(spec, 1, at, at));
    // A deleted exclusive instance that is not yet known dead keeps its fence: the new stream of
    // the same id waits for it, and its epochs continue above the old instance's.
    StopFence fence = fences.get(spec.id());
    Long retired = retiredEpochs.remove(spec.id());
    long epoch = Math.max(retired == null ? 0 : retired, fence == null ? 0 : fence.epoch());
    assignments.put(spec.id(), Assignment.pending(spec.id(), epoch, fence == null ? pendingReason() : fenceReason(fence, "an earlier stream '" + spec.id() + "' was deleted"), at));
    return CommandResult.ok(1);
  }

  private CommandResult updateStream(UpdateStream c) {
    StreamSpec spec = c.spec();
    StoredStream old = streams.get(spec.id());
    if (old == null) {
      return notFound("stream", spec.id());
    }
    if (!processors.containsKey(spec.processor())) {
      return unknownProcessor(spec);
    }
    if (old.spec().equals(spec)) {
      return CommandResult.ok(old.generation());
    }
    long generation = old.generation() + 1;
    streams.put(spec.id(), new StoredStream(spec, generation, old.createdMs(), c.meta().atMs()));
    // A changed spec means a new processor instance: bump the epoch so the agent replaces the
    // old instance; an assigned stream stays on its node.
    Assignment a = assignments.get(spec.id());
    if (a != null && a.node() != null) {
      assignments.put(spec.id(), a.placedOn(a.node(), currentVersion(spec.processor()),
          "spec changed (generation " + generation + ")", c.meta().atMs()));
    }
    return CommandResult.ok(generation);
  }

  private CommandResult deleteStream(DeleteStream c) {
    StoredStream stream = streams.remove(c.id());
    if (stream == null) {
      return notFound("stream", c.id());
    }
    Assignment a = assignments.remove(c.id());
    if (a != null) {
      // Above every epoch the stream used, a successor's included: it may still run somewhere.
      retiredEpochs.put(c.id(), a.nextEpoch() - 1);
    }
    if (a != null && a.node() != null && stream.spec().handover() == HandoverPolicy.EXCLUSIVE) {
      fences.put(c.id(), new StopFence(c.id(), a.node(), a.epoch(), appliedIndex));
    }
    return CommandResult.ok();
  }

  private CommandResult putProcessor(PutProcessor c) {
    ProcessorSpec old = processors.get(c.spec().name());
    if (old != null && old.sameContentAs(c.spec())) {
      return CommandResult.ok(old.version());
    }
    long version = old == null ? 1 : old.version() + 1;
    ProcessorSpec now = c.spec().withVersion(version);
    processors.put(now.name(), now);
    if (old != null) {
      rollouts.replaced(old, now, runsAnywhere(now.name()), c.meta().atMs(), 0);
      rollouts.prune(versionsInUse());
    }
    return CommandResult.ok(version);
  }

  private CommandResult deleteProcessor(DeleteProcessor c) {
    if (!processors.containsKey(c.name())) {
      return notFound("processor", c.name());
    }
    if (c.name().equals(BuiltinProcessors.MOTION)) {
      return CommandResult.rejected(CommandResult.CONFLICT, "processor 'motion' is a built-in default; it can be changed with PUT but not deleted");
    }
    List<String> users = streams.values().stream()
        .filter(s -> s.spec().processor().equals(c.name())).map(s -> s.spec().id()).limit(6).toList();
    if (!users.isEmpty()) {
      String shown = String.join(", ", users.subList(0, Math.min(5, users.size()))) + (users.size() > 5 ? ", ..." : "");
      return CommandResult.rejected(CommandResult.CONFLICT, "processor '" + c.name() + "' is used by streams " + shown + "; delete them or point them at another processor first");
    }
    processors.remove(c.name());
    rollouts.deleted(c.name());
    return CommandResult.ok();
  }

  private CommandResult registerNode(RegisterNode c) {
    NodeRecord old = nodes.get(c.nodeId());
    if (old != null && old.incarnation() > c.incarnation()) {
      return CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' is registered by a newer agent (incarnation "
          + old.incarnation() + " > " + c.incarnation() + ")");
    }
    if (old != null && old.incarnation() != c.incarnation()) {
      // A new agent process reaped everything the old one ran before it registered.
      fences.values().removeIf(f -> f.node().equals(c.nodeId()));
      jobs.nodeRestarted(c.nodeId(), c.meta().atMs(), appliedIndex);
    }
    long at = c.meta().atMs();
    NodeState state = c.holdReason() == null ? NodeState.READY : NodeState.SUSPECT;
    boolean unchanged = old != null && old.state() == state;
    nodes.put(c.nodeId(), new NodeRecord(c.nodeId(), c.zone(), c.labels(), c.nodeClass(), c.capacity(), state,
        c.incarnation(), old == null ? at : old.registeredMs(), unchanged ? old.stateSinceMs() : at, c.holdReason(),
        old != null && old.cordoned(), c.exec(), c.kind(), old == null ? null : old.drain()));
    if (NodeRecord.HTTP.equals(c.kind())) {
      httpSeenMs.put(c.nodeId(), at);
    }
    return CommandResult.ok();
  }

  private CommandResult removeNode(RemoveNode c) {
    if (!nodes.containsKey(c.nodeId())) {
      return notFound("node", c.nodeId());
    }
    List<String> held = assignments.values().stream()
        .filter(a -> c.nodeId().equals(a.node()) || (a.handover() != null && c.nodeId().equals(a.handover().toNode())))
        .map(Assignment::streamId).limit(5).toList();
    if (!held.isEmpty()) {
      return CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' still has streams " + held
          + "; cordon it and move them (rebalance), or stop the agent and wait until they fail over, then remove it");
    }
    if (fences.values().stream().anyMatch(f -> f.node().equals(c.nodeId()))) {
      return CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' may still run an exclusive instance that is not"
          + " known dead; wait for its lease to run out, then remove it");
    }
    if (!jobs.active(c.nodeId()).isEmpty()
        || jobs.fenced().stream().anyMatch(j -> j.fence().node().equals(c.nodeId()))) {
      return CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' still has job attempts that are not known"
          + " finished; wait for them (GET /api/v1/jobs?node=" + c.nodeId() + "), or stop the agent and wait until they are retried elsewhere");
    }
    nodes.remove(c.nodeId());
    httpSeenMs.remove(c.nodeId());
    credentials.forgetNode(c.nodeId());
    return CommandResult.ok();
  }

  private CommandResult nodeDown(NodeDown c) {
    NodeRecord node = nodes.get(c.nodeId());
    if (node == null) {
      return notFound("node", c.nodeId());
    }
    if (node.incarnation() != c.incarnation()) {
      return CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' has re-registered (incarnation "
          + node.incarnation() + "); the report about incarnation " + c.incarnation() + " is stale");
    }
    if (node.state() == NodeState.DOWN) {
      return CommandResult.ok(0);
    }
    long at = c.meta().atMs();
    nodes.put(node.id(), node.withState(NodeState.DOWN, c.reason(), at));
    jobs.nodeDown(node.id(), !node.isHttpWorker(), c.reason(), at, appliedIndex);
    for (PlaceStreams.Eviction e : c.evictions()) {
      preemptJob(e, at); // only job attempts: they make room for the lost node's streams
    }
    // Its fences stay: the node may be alive behind a partition; ExclusiveLeases lifts them when its
    // lease has run out, or the node confirms when it is back.
    java.util.Map<String, String> targets = new java.util.HashMap<>();
    c.placements().forEach(p -> targets.put(p.streamId(), p.node()));
    int moved = 0;
    for (Assignment a : List.copyOf(assignments.values())) {
      Handover h = a.handover();
      if (h != null && node.id().equals(h.toNode()) && !node.id().equals(a.node())) {
        giveUpMove(a, "node " + node.id() + " went down (" + c.reason() + ")", at + MOVE_BACKOFF_MS, at);
        continue;
      }
      if (!node.id().equals(a.node())) {
        continue;
      }
      StreamSpec spec = streams.get(a.streamId()).spec();
      String target = targets.get(a.streamId());
      NodeRecord to = target == null ? null : nodes.get(target);
      if (h != null && !node.id().equals(h.toNode())) {
        // A planned move was under way: its successor, already starting elsewhere, takes over now.
        handOver(a, at, "node " + node.id() + " went down (" + c.reason() + ") during a " + h.purpose());
        moved++;
      } else if (spec.handover() == HandoverPolicy.EXCLUSIVE) {
        fences.put(a.streamId(), new StopFence(a.streamId(), node.id(), a.epoch(), appliedIndex));
        assignments.put(a.streamId(), a.toPending(
            "node " + node.id() + " went down (" + c.reason() + "); exclusive: waiting for its lease to run out", at));
      } else if (to != null && to.effectiveState() == NodeState.READY && fits(spec.resources(), to)) {
        assignments.put(a.streamId(), a.placedOn(to.id(), currentVersion(spec.processor()),
            "moved from " + node.id() + " (" + c.reason() + ")", at));
        moved++;
      } else {
        assignments.put(a.streamId(), a.toPending(
            "node " + node.id() + " went down (" + c.reason() + "); waiting for placement", at));
      }
    }
    return CommandResult.ok(moved);
  }

  private CommandResult nodeSeen(io.streamfleet.model.command.NodeSeen c) {
    NodeRecord node = nodes.get(c.nodeId());
    if (node == null || !node.isHttpWorker()) {
      return node == null ? notFound("node", c.nodeId())
          : CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' is an agent; its session tells when it is alive");
    }
    httpSeenMs.put(c.nodeId(), c.meta().atMs());
    if (node.state() == NodeState.DOWN) {
      nodes.put(node.id(), node.withState(NodeState.READY, null, c.meta().atMs()));
    }
    return CommandResult.ok();
  }

  private CommandResult cordonNode(CordonNode c) {
    NodeRecord node = nodes.get(c.nodeId());
    if (node == null) {
      return notFound("node", c.nodeId());
    }
    nodes.put(node.id(), node.withCordon(c.cordoned()));
    return CommandResult.ok();
  }

  private CommandResult nodeHealth(NodeHealth c) {
    NodeRecord node = nodes.get(c.nodeId());
    if (node == null) {
      return notFound("node", c.nodeId());
    }
    if (node.incarnation() != c.incarnation()
        || (node.state() != NodeState.READY && node.state() != NodeState.SUSPECT)) {
      return CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' is " + node.state().wireName()
          + " at incarnation " + node.incarnation() + "; the verdict about incarnation " + c.incarnation() + " no longer applies");
    }
    if (node.state() != c.state()) {
      nodes.put(node.id(), node.withState(c.state(), c.reason(), c.meta().atMs()));
    }
    return CommandResult.ok();
  }

  private CommandResult placeStreams(PlaceStreams c) {
    long at = c.meta().atMs();
    for (PlaceStreams.Eviction e : c.evictions()) {
      if (preemptJob(e, at)) {
        continue;
      }
      Assignment a = assignments.get(e.streamId());
      if (a != null && a.node() != null && a.epoch() == e.fromEpoch()) {
        leave(a, e.reason(), at);
      }
    }
    int placed = 0;
    for (PlaceStreams.Placement p : c.placements()) {
      Assignment a = assignments.get(p.streamId());
      if (a == null || a.state() != AssignmentState.PENDING || a.epoch() != p.fromEpoch() || !canTake(p.node(), p.streamId())) {
        continue; // the state moved on since the leader planned; the next round re-plans
      }
      assignments.put(p.streamId(), a.placedOn(p.node(), currentVersion(streams.get(p.streamId()).spec().processor()), null, at));
      placed++;
    }
    for (PlaceStreams.Move m : c.moves()) {
      Assignment a = assignments.get(m.streamId());
      if (a == null || a.node() == null || a.epoch() != m.fromEpoch() || a.handover() != null || a.node().equals(m.toNode())
          || !canTake(m.toNode(), m.streamId())) {
        continue;
      }
      if (isExclusive(m.streamId())) {
        leave(a, "rebalanced away from " + a.node(), at); // never straight onto the target: the old instance must die first
        continue;
      }
      assignments.put(m.streamId(), a.placedOn(m.toNode(), a.version(), "rebalanced from " + a.node(), at));
      placed++;
    }
    c.pendingReasons().forEach((streamId, reason) -> {
      Assignment a = assignments.get(streamId);
      if (a != null && a.state() == AssignmentState.PENDING && !reason.equals(a.reason())) {
        assignments.put(streamId, a.withState(AssignmentState.PENDING, reason, a.sinceMs(), a.restarts()));
      }
    });
    return CommandResult.ok(placed);
  }

  /**
   * Takes a stream off its node by plan (eviction, exclusive move): pending at epoch + 1. An
   * exclusive stream is fenced until its node confirms the old instance dead.
   */
  private void leave(Assignment a, String reason, long at) {
    if (isExclusive(a.streamId())) {
      StopFence fence = new StopFence(a.streamId(), a.node(), a.epoch(), appliedIndex);
      fences.put(a.streamId(), fence);
      assignments.put(a.streamId(), a.toPending(fenceReason(fence, reason), at));
    } else {
      assignments.put(a.streamId(), a.toPending(reason, at));
    }
  }

  /** Preempts the job attempt {@code e} names, if it names one (a job's instance id); true when it did. */
  private boolean preemptJob(PlaceStreams.Eviction e, long at) {
    String jobId = JobIds.jobOf(e.streamId());
    if (jobId == null) {
      return false;
    }
    jobs.preempt(jobId, e.fromEpoch(), e.reason(), at, appliedIndex);
    return true;
  }

  /**
   * Whether {@code nodeId} can take job {@code job} now: ready, of a kind that runs it, in its
   * zone and labels, allowed to run its program, with room left after streams and active jobs.
   */
  public boolean canRunJob(String nodeId, JobRecord job) {
    NodeRecord node = nodes.get(nodeId);
    if (node == null || node.effectiveState() != NodeState.READY) {
      return false;
    }
    JobSpec spec = job.spec();
    if (spec.zone() != null && !spec.zone().equals(node.zone())) {
      return false;
    }
    for (var e : spec.nodeSelector().entrySet()) {
      if (!e.getValue().equals(node.labels().get(e.getKey()))) {
        return false;
      }
    }
    if (node.isHttpWorker()) {
      if (!spec.runsScenario()) {
        return false; // an HTTP worker runs FFmpeg scenarios, nothing else
      }
    } else {
      String program = jobProgram(spec);
      if (program == null || node.exec().refusal(program) != null) {
        return false;
      }
    }
    return fits(spec.resources(), node);
  }

  /** The program a job runs on an agent: ffmpeg for scenarios, the exec processor's program otherwise. */
  public String jobProgram(JobSpec spec) {
    if (spec.runsScenario()) {
      return FfmpegCommand.PROGRAM;
    }
    ProcessorSpec p = processors.get(spec.processor());
    return p == null || p.command() == null || p.command().isEmpty() ? null : p.command().get(0);
  }

  private static String fenceReason(StopFence f, String why) {
    return why + "; exclusive: waiting for node " + f.node() + " to confirm that epoch " + f.epoch() + " stopped";
  }

  private boolean isExclusive(String streamId) {
    StoredStream s = streams.get(streamId);
    return s != null && s.spec().handover() == HandoverPolicy.EXCLUSIVE;
  }

  private boolean canTake(String nodeId, String streamId) {
    NodeRecord node = nodes.get(nodeId);
    return node != null && node.effectiveState() == NodeState.READY && fits(streams.get(streamId).spec().resources(), node);
  }

  private CommandResult reportStatus(ReportStatus c) {
    if (!applyStatus(c.node(), new ReportStatuses.Item(c.streamId(), c.epoch(), c.state(), c.reason(), c.restarts()), c.meta().atMs())) {
      return CommandResult.rejected(CommandResult.CONFLICT, "stale status for " + c.streamId() + " epoch " + c.epoch());
    }
    return CommandResult.ok();
  }

  private CommandResult reportStatuses(ReportStatuses c) {
    int applied = 0;
    for (ReportStatuses.Item item : c.items()) {
      applied += applyStatus(c.node(), item, c.meta().atMs()) ? 1 : 0;
    }
    return CommandResult.ok(applied);
  }

  /** Applies one report if the stream is still assigned to {@code node} at that epoch (stale ones are ignored). */
  private boolean applyStatus(String node, ReportStatuses.Item r, long atMs) {
    StopFence fence = fences.get(r.streamId());
    if (fence != null && r.state() == AssignmentState.STOPPING && fence.node().equals(node) && fence.epoch() == r.epoch()) {
      fences.remove(r.streamId()); // the node confirms the instance is dead: the stream may start elsewhere
      return true;
    }
    Assignment a = assignments.get(r.streamId());
    if (a != null && a.handover() != null && node.equals(a.handover().toNode()) && a.handover().epoch() == r.epoch()) {
      successorStatus(a, r, atMs);
      return true;
    }
    if (a == null || !node.equals(a.node()) || a.epoch() != r.epoch()) {
      return false;
    }
    if (r.state() == AssignmentState.STOPPING) {
      String why = "stopped on " + node + (r.reason() == null ? "" : " (" + r.reason() + ")");
      if (a.handover() != null) {
        handOver(a, atMs, why + " during a " + a.handover().purpose()); // its successor is already starting
        return true;
      }
      // The node stopped the current instance by itself (its lease ran out, the agent is shutting
      // down) and will never start that epoch again; the report proves it dead. Place the stream
      // anew, at the next epoch (possibly on the same node once it can run it).
      assignments.put(r.streamId(), a.toPending(why + "; waiting for placement", atMs));
      return true;
    }
    long since = a.state() == r.state() ? a.sinceMs() : atMs;
    events.streamHealthChanged(a, r.state(), r.reason(), zoneOf(r.streamId()), atMs);
    Assignment now = a.withState(r.state(), r.reason(), since, r.restarts());
    assignments.put(r.streamId(), now);
    if (r.state() == AssignmentState.FAILED) {
      updatedStreamFailed(a, r.reason(), atMs);
    }
    if (now.handover() != null) {
      handOverIfCameraAway(now, r.reason(), atMs);
    }
    return true;
  }

  // ---- Make-before-break moves ----------------------------------------------------------------

  /** How long a stream whose move was given up by the state itself (its successor failed) waits before the next. */
  static final long MOVE_BACKOFF_MS = 30_000;

  private CommandResult moveStreams(MoveStreams c) {
    long at = c.meta().atMs();
    int started = 0;
    for (MoveStreams.Move m : c.moves()) {
      Assignment a = assignments.get(m.streamId());
      if (a == null || a.node() == null || a.epoch() != m.fromEpoch() || a.handover() != null) {
        continue; // the stream moved on since the leader planned
      }
      boolean sameNode = a.node().equals(m.toNode());
      if (isExclusive(m.streamId())) {
        // Never two instances: it leaves its node (fenced until the stop is confirmed) and placement puts it back.
        if (sameNode || canTake(m.toNode(), m.streamId())) {
          leave(a, m.purpose() + ": exclusive, so it stops before it starts again", at);
          started++;
        }
        continue;
      }
      NodeRecord to = nodes.get(m.toNode());
      boolean up = to != null && (sameNode ? to.state() == NodeState.READY : to.effectiveState() == NodeState.READY);
      boolean room = up && fits(streams.get(m.streamId()).spec().resources(), to);
      if (up && !room && sameNode && Handover.ROLLOUT.equals(m.purpose())) {
        // No room anywhere for a second instance (the planner tried other nodes first): the update
        // restarts in place, with the gap of a stop and a start, rather than never happening.
        assignments.put(m.streamId(), a.placedOn(a.node(), m.version(), m.purpose() + " to version " + m.version()
            + ": no room for a second instance, restarted in place", at));
        rollouts.updated(streams.get(m.streamId()).spec().processor(), m.version(), m.streamId(), at);
        started++;
        continue;
      }
      if (!room) {
        continue;
      }
      long version = m.version() == 0 ? a.version() : m.version();
      assignments.put(m.streamId(), a.withHandover(new Handover(m.toNode(), a.nextEpoch(), version, m.purpose(),
          AssignmentState.STARTING, at, m.deadlineMs())));
      started++;
    }
    return CommandResult.ok(started);
  }

  private CommandResult abortHandovers(AbortHandovers c) {
    int given = 0;
    for (AbortHandovers.Abort x : c.aborts()) {
      Assignment a = assignments.get(x.streamId());
      if (a != null && a.handover() != null && a.handover().epoch() == x.epoch()) {
        giveUpMove(a, x.reason(), x.retryAfterMs(), c.meta().atMs());
        given++;
      }
    }
    return CommandResult.ok(given);
  }

  /** A report from stream {@code a}'s successor: ready makes it current; failed or stopped gives the move up. */
  private void successorStatus(Assignment a, ReportStatuses.Item r, long atMs) {
    Handover h = a.handover();
    switch (r.state()) {
      case RUNNING -> handOver(a, atMs, null);
      case FAILED, STOPPING -> giveUpMove(a, "the new instance " + (r.state() == AssignmentState.FAILED ? "failed" : "stopped") + " on "
          + h.toNode() + (r.reason() == null ? "" : ": " + r.reason()), atMs + MOVE_BACKOFF_MS, atMs);
      default -> {
        Assignment now = a.withHandover(h.withState(r.state()));
        assignments.put(a.streamId(), now);
        handOverIfCameraAway(now, r.reason(), atMs);
      }
    }
  }

  /**
   * A move whose camera is away on both instances completes at once: the successor cannot be
   * ready before the camera is back, and neither instance has frames to lose meanwhile. Waiting
   * would hold a drain or rollout up to the move's deadline, then give it up and retry, for as
   * long as the camera stays away. The stream stays degraded, now on the successor.
   */
  private void handOverIfCameraAway(Assignment a, String reason, long atMs) {
    if (a.state() == AssignmentState.DEGRADED && a.handover().state() == AssignmentState.DEGRADED) {
      handOver(a, atMs, a.handover().purpose() + " from " + a.node() + " while the camera is away"
          + (reason == null ? "" : ": " + reason));
    }
  }

  /**
   * The successor becomes the stream's instance; the old one leaves the desired set (its node
   * stops it). The event log fixes the frame boundary between the two.
   */
  private void handOver(Assignment a, long atMs, String why) {
    Handover h = a.handover();
    AssignmentState state = h.state() == AssignmentState.RUNNING || why == null ? AssignmentState.RUNNING : h.state();
    String reason = why != null ? why : h.purpose() + (a.node().equals(h.toNode()) ? " to version " + h.version() : " from " + a.node());
    Assignment after = new Assignment(a.streamId(), h.toNode(), h.epoch(), state, reason, atMs, 0, h.version(), null, null);
    assignments.put(a.streamId(), after);
    events.handedOver(a, after, h.purpose(), zoneOf(a.streamId()), atMs);
    String processor = streams.get(a.streamId()).spec().processor();
    if (h.version() != a.version()) {
      rollouts.updated(processor, h.version(), a.streamId(), atMs);
    }
  }

  /** The move in flight is given up: the successor leaves the desired set, the stream stays; a rollout counts the failure. */
  private void giveUpMove(Assignment a, String reason, long retryAfterMs, long atMs) {
    Handover h = a.handover();
    assignments.put(a.streamId(), a.withFailedMove(new MoveFailure(h.toNode(), h.epoch(), h.purpose(), reason, atMs, retryAfterMs)));
    events.handoverAborted(a.streamId());
    if (Handover.ROLLOUT.equals(h.purpose())) {
      rolloutFailed(streams.get(a.streamId()).spec().processor(), h.version(), a.streamId(), reason, atMs);
    }
  }

  /** An updated stream failed before it was healthy: the rollout counts it. */
  private void updatedStreamFailed(Assignment a, String reason, long atMs) {
    String processor = streams.get(a.streamId()).spec().processor();
    Rollout r = rollouts.active(processor);
    Long updatedAt = r == null ? null : r.updatedMs().get(a.streamId());
    if (updatedAt != null && a.version() == r.version() && atMs < updatedAt + r.policy().minHealthyTimeMs()) {
      rolloutFailed(processor, r.version(), a.streamId(), "failed " + (atMs - updatedAt) + " ms after its update: " + reason, atMs);
    }
  }

  private void rolloutFailed(String processor, long version, String streamId, String reason, long atMs) {
    Rollout failing = rollouts.failed(processor, version, streamId, reason, atMs);
    if (failing != null) {
      rollouts.set(processor, version, RolloutAction.REVERT, "auto-revert: " + failing.reason(), atMs);
      revert(processor, failing, atMs);
    }
  }

  private CommandResult setRollout(SetRollout c) {
    Rollout before = rollouts.last(c.processor());
    CommandResult result = rollouts.set(c.processor(), c.version(), c.action(), c.reason(), c.meta().atMs());
    if (result.isOk() && c.action() == RolloutAction.REVERT) {
      revert(c.processor(), before, c.meta().atMs());
    }
    if (result.isOk() && c.action() == RolloutAction.SUCCEED) {
      rollouts.prune(versionsInUse());
    }
    return result;
  }

  /** Makes the spec {@code r} replaced current again, as a new version: a rollout back to it starts. */
  private void revert(String processor, Rollout r, long atMs) {
    ProcessorSpec current = processors.get(processor);
    ProcessorSpec now = rollouts.at(current, r.fromVersion()).withVersion(current.version() + 1);
    processors.put(processor, now);
    rollouts.replaced(current, now, runsAnywhere(processor), atMs, r.version());
  }

  private CommandResult drainNode(DrainNode c) {
    NodeRecord node = nodes.get(c.nodeId());
    if (node == null) {
      return notFound("node", c.nodeId());
    }
    if (node.isHttpWorker()) {
      return CommandResult.rejected(CommandResult.CONFLICT, "node '" + c.nodeId() + "' is an HTTP worker: it runs no streams to drain;"
          + " stop its worker once its jobs are done");
    }
    long at = c.meta().atMs();
    Drain old = node.drain();
    Drain drain = old == null || old.done()
        ? new Drain(c.maxParallel(), at, c.deadlineMs(), 0, null)
        : new Drain(c.maxParallel(), old.startedMs(), c.deadlineMs(), 0, c.stuck());
    if (!holdsAnything(node.id())) {
      drain = drain.finished(at);
    }
    nodes.put(node.id(), node.withDrain(drain));
    return CommandResult.ok();
  }

  /** Whether any stream (or a move's successor) or job attempt is on {@code nodeId}. */
  public boolean holdsAnything(String nodeId) {
    for (Assignment a : assignments.values()) {
      if (nodeId.equals(a.node()) || (a.handover() != null && nodeId.equals(a.handover().toNode()))) {
        return true;
      }
    }
    return !jobs.active(nodeId).isEmpty();
  }

  private boolean runsAnywhere(String processor) {
    for (Assignment a : assignments.values()) {
      if (a.node() != null && streams.get(a.streamId()).spec().processor().equals(processor)) {
        return true;
      }
    }
    return false;
  }

  /** "name@version" of every processor version an instance runs. */
  private java.util.Set<String> versionsInUse() {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Assignment a : assignments.values()) {
      String name = streams.get(a.streamId()).spec().processor();
      out.add(name + "@" + a.version());
      if (a.handover() != null) {
        out.add(name + "@" + a.handover().version());
      }
    }
    return out;
  }

  private long currentVersion(String processor) {
    ProcessorSpec p = processors.get(processor);
    return p == null ? 0 : p.version();
  }

  /** The spec an instance at processor version {@code version} runs (0: the current one). */
  public ProcessorSpec processorAt(String name, long version) {
    ProcessorSpec current = processors.get(name);
    return current == null ? null : rollouts.at(current, version);
  }

  /** Whether the event log could take {@code e} from {@code node} (see {@code EventLog.admissible}). */
  public boolean eventAdmissible(String node, AppendEvents.Item e) {
    return events.admissible(node, e, assignments.get(e.stream()), isExclusive(e.stream()));
  }

  /** The processor's active rollout, or null. */
  public Rollout activeRollout(String processor) {
    return rollouts.active(processor);
  }

  /** Every rollout kept (active ones and the last finished ones of each processor). */
  public Collection<Rollout> rollouts() {
    return rollouts.all();
  }

  /** Whether {@code request} fits in what {@code node} has left after its current assignments. */
  public boolean fits(Resources request, NodeRecord node) {
    Resources used = allocated(node.id());
    Resources cap = node.capacity();
    return used.cpuMillis() + request.cpuMillis() <= cap.cpuMillis()
        && used.memoryMb() + request.memoryMb() <= cap.memoryMb()
        && used.gpu() + request.gpu() <= cap.gpu()
        && (request.accelerator() == null || request.accelerator().equals(cap.accelerator()));
  }

  /** The sum of the resources of the streams assigned to {@code nodeId} and of the job attempts active there. */
  public Resources allocated(String nodeId) {
    Resources forJobs = jobs.allocated(nodeId);
    int cpu = forJobs.cpuMillis();
    int mem = forJobs.memoryMb();
    int gpu = forJobs.gpu();
    for (Assignment a : assignments.values()) {
      // A move's successor holds room on its node from the start: the surge is planned, not found.
      int times = (nodeId.equals(a.node()) ? 1 : 0) + (a.handover() != null && nodeId.equals(a.handover().toNode()) ? 1 : 0);
      if (times > 0) {
        Resources r = streams.get(a.streamId()).spec().resources();
        cpu += times * r.cpuMillis();
        mem += times * r.memoryMb();
        gpu += times * r.gpu();
      }
    }
    return new Resources(cpu, mem, gpu, null);
  }

  private String pendingReason() {
    return nodes.isEmpty()
        ? "no nodes have registered yet; start an agent with: streamfleet agent --servers HOST:7070 --node-id NAME"
        : "waiting for placement";
  }

  private static CommandResult unknownProcessor(StreamSpec spec) {
    return CommandResult.rejected(CommandResult.INVALID, "processor: unknown processor '" + spec.processor() + "'; list them with GET /api/v1/processors");
  }

  private static CommandResult notFound(String kind, String id) {
    return CommandResult.rejected(CommandResult.NOT_FOUND, kind + " '" + id + "' does not exist");
  }

  private void record(Command command, long logIndex, CommandResult result) {
    CommandMeta m = command.meta();
    audit.addLast(new AuditEntry(nextAuditSeq++, logIndex, m.atMs(), m.actor(), m.source(),
        CommandType.of(command).tag(), command.target(), result.code()));
    while (audit.size() > AUDIT_LIMIT) {
      audit.removeFirst();
    }
  }

  // ---- reads (callers hold the StateStore read lock) ----

  public Collection<StoredStream> streams() {
    return streams.values();
  }

  public StoredStream stream(String id) {
    return streams.get(id);
  }

  public Collection<ProcessorSpec> processors() {
    return processors.values();
  }

  public ProcessorSpec processor(String name) {
    return processors.get(name);
  }

  public Collection<NodeRecord> nodes() {
    return nodes.values();
  }

  public NodeRecord node(String id) {
    return nodes.get(id);
  }

  public Assignment assignment(String streamId) {
    return assignments.get(streamId);
  }

  public Collection<Assignment> assignments() {
    return assignments.values();
  }

  /** The newest {@code limit} audit entries, oldest first. */
  public List<AuditEntry> audit(int limit) {
    List<AuditEntry> all = new ArrayList<>(audit);
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }

  /** The fence of {@code streamId}'s previous exclusive instance, or null when none waits. */
  public StopFence fence(String streamId) {
    return fences.get(streamId);
  }

  public Collection<StopFence> fences() {
    return fences.values();
  }

  /** The log index of the last command applied: desired sets carry it (see {@link StopFence}). */
  public TokenRecord token(String id) {
    return credentials.token(id);
  }

  /** Every node certificate the cluster CA issued that is still listed (renewals included). */
  public List<io.streamfleet.model.security.NodeCertificate> nodeCertificates() {
    return credentials.certificates();
  }

  public Collection<TokenRecord> tokens() {
    return credentials.tokens();
  }

  public String bootstrapTokenId() {
    return credentials.bootstrapTokenId();
  }

  /** Whether the cluster CA issued certificate {@code serial} to {@code nodeId} and it still counts. */
  public boolean certificateListed(String nodeId, String serial) {
    return credentials.certificateListed(nodeId, serial);
  }

  /** Up to {@code limit} event-log entries after id {@code afterId} that {@code filter} accepts, oldest first. */
  public List<EventRecord> events(long afterId, java.util.function.Predicate<EventRecord> filter, int limit) {
    return events.after(afterId, filter, limit);
  }

  public io.streamfleet.model.rule.RuleState rule(String id) {
    return rules.get(id);
  }

  public Collection<io.streamfleet.model.rule.RuleState> rules() {
    return rules.all();
  }

  /** Event-log entries, newest first, back to the first one older than {@code sinceMs}. */
  public List<EventRecord> recentEvents(long sinceMs) {
    return events.recent(sinceMs);
  }

  public io.streamfleet.model.webhook.WebhookState webhook(String id) {
    return webhooks.get(id);
  }

  public Collection<io.streamfleet.model.webhook.WebhookState> webhooks() {
    return webhooks.all();
  }

  public long lastEventId() {
    return events.lastId();
  }

  /** The oldest event-log entry still kept; older ones were dropped to bound the log. */
  public long firstEventId() {
    return events.firstId();
  }

  /** The leader has published the event log to MQTT and webhooks up to here. */
  public long publishedEventId() {
    return events.publishedId();
  }

  public long appliedIndex() {
    return appliedIndex;
  }

  /** Where agents reach server {@code serverId}, or null when it has not announced itself. */
  /** The servers that announced themselves, by id. */
  public java.util.Set<String> serverIds() {
    return java.util.Collections.unmodifiableSet(serverRpcAddresses.keySet());
  }

  public String serverRpcAddress(String serverId) {
    return serverRpcAddresses.get(serverId);
  }

  // ---- jobs ----

  public JobRecord job(String id) {
    return jobs.get(id);
  }

  /** Every job kept, in submission order. */
  public List<JobRecord> jobs() {
    return jobs.all();
  }

  public int jobCount() {
    return jobs.size();
  }

  /** The job an idempotency key stands for, or null. */
  public String jobByIdempotencyKey(String key) {
    return jobs.byIdempotencyKey(key);
  }

  /** Queued jobs in dispatch order (priority, then FIFO), including ones that must still wait. */
  public java.util.Iterator<JobRecord> queuedJobs() {
    return jobs.queued();
  }

  /** How many jobs are in {@code state} (kept as jobs change: cheap with a million). */
  public int jobCount(io.streamfleet.model.job.JobState state) {
    return jobs.count(state);
  }

  /** The earliest end of a queued job's retry backoff after {@code nowMs}, or null. */
  public Long nextJobBackoffEnd(long nowMs) {
    return jobs.nextBackoffEnd(nowMs);
  }

  public int queuedJobCount() {
    return jobs.queuedCount();
  }

  /** Whether queued {@code job} may go out at {@code nowMs} as far as its backoff and dependency go (fences aside). */
  public boolean jobDispatchable(JobRecord job, long nowMs) {
    return jobs.dispatchable(job, nowMs);
  }

  /** The job attempts dispatched to or running on {@code nodeId}. */
  public List<JobRecord> jobsOn(String nodeId) {
    return jobs.active(nodeId);
  }

  /** Nodes that have job attempts dispatched to them or running. */
  public Collection<String> nodesWithJobs() {
    return jobs.nodesWithJobs();
  }

  /** Jobs whose previous attempt is not yet known dead. */
  public List<JobRecord> fencedJobs() {
    return jobs.fenced();
  }

  /** Finished job ids, the oldest finish first (retention). */
  public Collection<String> finishedJobsOldestFirst() {
    return jobs.finishedOldestFirst();
  }

  public int finishedJobCount() {
    return jobs.finishedCount();
  }

  /** When HTTP worker {@code nodeId} was last seen (wall clock), or null. */
  public Long httpWorkerSeenMs(String nodeId) {
    return httpSeenMs.get(nodeId);
  }

  public Scenario scenario(String name) {
    return jobs.scenario(name);
  }

  public Collection<Scenario> scenarios() {
    return jobs.scenarios();
  }

  public long countStreams(AssignmentState state) {
    return assignments.values().stream().filter(a -> a.state() == state).count();
  }
}
