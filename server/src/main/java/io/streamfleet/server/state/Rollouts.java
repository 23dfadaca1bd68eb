package io.streamfleet.server.state;

import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.model.rollout.RolloutAction;
import io.streamfleet.model.rollout.RolloutStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Processor rollouts and the processor versions streams still run, one aggregate of {@link
 * ClusterState}. A changed spec gets a new version, but no instance changes with it: each stream
 * keeps running the version it was started with until a rollout moves it, make-before-break (the
 * leader's {@code RolloutController} paces that). So older versions stay here while any stream runs
 * them. Each processor has at most one active rollout; a newer spec supersedes it.
 */
final class Rollouts {
  /** Finished rollouts kept per processor for {@code GET /api/v1/rollouts}. */
  static final int HISTORY = 10;

  /** processor → its rollouts, oldest first (the last one may be active). */
  private final NavigableMap<String, List<Rollout>> byProcessor = new TreeMap<>();
  /** processor → version → spec, for versions older than the current one that streams still run. */
  private final NavigableMap<String, NavigableMap<Long, ProcessorSpec>> older = new TreeMap<>();

  /** The spec of {@code name} at {@code version}: {@code current} when that is it, or unknown (0, or pruned). */
  ProcessorSpec at(ProcessorSpec current, long version) {
    if (version == 0 || version == current.version()) {
      return current;
    }
    NavigableMap<Long, ProcessorSpec> versions = older.get(current.name());
    ProcessorSpec spec = versions == null ? null : versions.get(version);
    return spec == null ? current : spec;
  }

  /**
   * {@code old} was replaced by {@code now}: {@code old} is kept for the streams that run it, and
   * when {@code used} (streams run the processor) a rollout to {@code now} starts, superseding an
   * active one. {@code revertOf} is the version a revert undoes (0 otherwise).
   */
  void replaced(ProcessorSpec old, ProcessorSpec now, boolean used, long atMs, long revertOf) {
    older.computeIfAbsent(old.name(), k -> new TreeMap<>()).put(old.version(), old);
    Rollout active = active(now.name());
    if (active != null) {
      replaceLast(active.withStatus(RolloutStatus.SUPERSEDED, "version " + now.version() + " replaced it", atMs));
    }
    if (used) {
      List<Rollout> list = byProcessor.computeIfAbsent(now.name(), k -> new ArrayList<>());
      list.add(Rollout.start(now.name(), now.version(), old.version(), now.updatePolicy(), atMs, revertOf));
      while (list.size() > HISTORY) {
        list.remove(0);
      }
    }
  }

  void deleted(String processor) {
    byProcessor.remove(processor);
    older.remove(processor);
  }

  /** The processor's active rollout, or null. */
  Rollout active(String processor) {
    Rollout last = last(processor);
    return last != null && last.status().active() ? last : null;
  }

  Rollout last(String processor) {
    List<Rollout> list = byProcessor.get(processor);
    return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
  }

  /** Each processor's newest rollout, by processor. */
  Map<String, Rollout> newest() {
    Map<String, Rollout> out = new HashMap<>();
    byProcessor.forEach((processor, list) -> {
      if (!list.isEmpty()) {
        out.put(processor, list.get(list.size() - 1));
      }
    });
    return out;
  }

  Collection<Rollout> all() {
    List<Rollout> out = new ArrayList<>();
    byProcessor.values().forEach(out::addAll);
    return out;
  }

  private void replaceLast(Rollout r) {
    List<Rollout> list = byProcessor.get(r.processor());
    list.set(list.size() - 1, r);
  }

  /** A stream of the processor started running {@code version} at {@code atMs}. */
  void updated(String processor, long version, String streamId, long atMs) {
    Rollout r = active(processor);
    if (r != null && r.version() == version) {
      replaceLast(r.withUpdated(streamId, atMs));
    }
  }

  /**
   * A stream failed to update to {@code version} (its new instance never became ready, or failed
   * before it was healthy). Returns the rollout when that makes it fail: the caller reverts it if
   * its policy says so; otherwise it is paused here.
   */
  Rollout failed(String processor, long version, String streamId, String why, long atMs) {
    Rollout r = active(processor);
    if (r == null || r.version() != version) {
      return null;
    }
    r = r.withFailure();
    if (r.failing() && r.status() != RolloutStatus.PAUSED) {
      String reason = r.failures() + " stream(s) failed to update (last: " + streamId + ", " + why + ")";
      r = r.policy().autoRevert() ? r.withStatus(r.status(), reason, atMs) : r.withStatus(RolloutStatus.PAUSED, reason, atMs);
      replaceLast(r);
      return r.policy().autoRevert() ? r : null;
    }
    replaceLast(r);
    return null;
  }

  /** Applies {@code action} to the processor's rollout to {@code version} (REVERT is the caller's: it needs a new version). */
  CommandResult set(String processor, long version, RolloutAction action, String reason, long atMs) {
    Rollout r = last(processor);
    if (r == null || r.version() != version) {
      return CommandResult.rejected(CommandResult.NOT_FOUND, "processor '" + processor + "' has no rollout to version " + version
          + "; list them with GET /api/v1/rollouts");
    }
    RolloutStatus s = r.status();
    Rollout next = switch (action) {
      case PAUSE -> s == RolloutStatus.RUNNING || s == RolloutStatus.AWAITING_PROMOTION
          ? r.withStatus(RolloutStatus.PAUSED, reason == null ? "paused" : reason, atMs) : null;
      case RESUME -> s == RolloutStatus.PAUSED
          ? new Rollout(r.processor(), r.version(), r.fromVersion(), r.policy(), RolloutStatus.RUNNING, "resumed", r.startedMs(), 0, 0,
              r.promoted(), r.revertOf(), r.updatedMs()) : null;
      case PROMOTE -> s == RolloutStatus.AWAITING_PROMOTION || (s == RolloutStatus.RUNNING && r.inCanary()) ? r.promote() : null;
      case AWAIT_PROMOTION -> s == RolloutStatus.RUNNING && r.inCanary()
          ? r.withStatus(RolloutStatus.AWAITING_PROMOTION, reason, atMs) : null;
      case SUCCEED -> s == RolloutStatus.RUNNING ? r.withStatus(RolloutStatus.SUCCEEDED, reason, atMs) : null;
      case REVERT -> s.active() || s == RolloutStatus.SUCCEEDED ? r.withStatus(RolloutStatus.REVERTED, reason, atMs) : null;
    };
    if (next == null) {
      return CommandResult.rejected(CommandResult.CONFLICT, "the rollout of '" + processor + "' to version " + version + " is "
          + s.wireName() + "; " + action.wireName() + " does not apply");
    }
    replaceLast(next);
    return CommandResult.ok(version);
  }

  /** Forgets older versions no stream runs any more ({@code inUse}: "name@version"), except what an active rollout may revert to. */
  void prune(Set<String> inUse) {
    older.forEach((name, versions) -> {
      Rollout active = active(name);
      versions.keySet().removeIf(v -> !inUse.contains(name + "@" + v) && (active == null || active.fromVersion() != v));
    });
    older.values().removeIf(NavigableMap::isEmpty);
  }

  /** What a snapshot keeps. */
  public record Saved(List<Rollout> rollouts, List<ProcessorSpec> olderVersions) {}

  Saved save() {
    List<ProcessorSpec> specs = new ArrayList<>();
    older.values().forEach(v -> specs.addAll(v.values()));
    return new Saved(List.copyOf(all()), specs);
  }

  void restore(Saved saved) {
    if (saved == null) {
      return;
    }
    saved.rollouts().forEach(r -> byProcessor.computeIfAbsent(r.processor(), k -> new ArrayList<>()).add(r));
    saved.olderVersions().forEach(p -> older.computeIfAbsent(p.name(), k -> new TreeMap<>()).put(p.version(), p));
  }
}
