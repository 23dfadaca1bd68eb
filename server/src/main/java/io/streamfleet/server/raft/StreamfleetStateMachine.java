package io.streamfleet.server.raft;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.streamfleet.model.command.CommandCodec;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.Json;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.tracing.CommandTracing;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the deterministic {@link StateStore} to Ratis: decodes committed log entries into
 * commands and applies them in order, and writes/loads snapshots.
 *
 * <p>Snapshots are written crash-safely: a temporary file is fsynced, its MD5 recorded, then it
 * is renamed into place. A snapshot whose MD5 does not match (or is missing) is treated as
 * corruption and the server refuses to start rather than start from partial state.
 *
 * <p>Lifecycle: Ratis pauses the machine and re-initialises it when a leader installs a
 * snapshot on a lagging follower; {@link #pause} and {@link #reinitialize} move the lifecycle
 * through PAUSED and back to RUNNING, which Ratis asserts.
 */
public final class StreamfleetStateMachine extends BaseStateMachine {
  private static final Logger log = LoggerFactory.getLogger(StreamfleetStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final StateStore store;
  private final AppliedIndex applied;
  private final LeadershipListener leadership;

  private final CommandTracing tracing;

  public StreamfleetStateMachine(StateStore store, AppliedIndex applied, LeadershipListener leadership, CommandTracing tracing) {
    this.store = store;
    this.applied = applied;
    this.leadership = leadership;
    this.tracing = tracing;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().startAndTransition(this::loadLatestSnapshot, IOException.class);
  }

  @Override
  public void pause() {
    getLifeCycle().transitionIfValid(LifeCycle.State.PAUSING);
    getLifeCycle().transitionIfValid(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    storage.loadLatestSnapshot();
    loadLatestSnapshot();
    getLifeCycle().transitionIfValid(LifeCycle.State.STARTING);
    getLifeCycle().transitionIfValid(LifeCycle.State.RUNNING);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /** Leader-side check before an entry is appended: refuse bytes that are not a command. */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext trx = super.startTransaction(request);
    try {
      CommandCodec.decode(request.getMessage().getContent().toByteArray());
    } catch (IllegalArgumentException e) {
      trx.setException(e);
    }
    return trx;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    CommandResult result;
    try {
      CommandCodec.Decoded decoded = CommandCodec.decodeWithTrace(entry.getStateMachineLogEntry().getLogData().toByteArray());
      result = apply(decoded, index);
    } catch (IllegalArgumentException e) {
      // Only a log written by a newer build can hold an entry this build cannot decode
      // (startTransaction keeps garbage out). Every server of this build rejects it the same way.
      log.error("log entry {} cannot be applied by this build: {}", index, e.getMessage());
      result = CommandResult.rejected(CommandResult.INVALID, e.getMessage());
    } catch (RuntimeException e) {
      // A bug in apply must not stop every server on the same entry; the rejection is as
      // deterministic as the bug.
      log.error("log entry {} failed to apply; rejected", index, e);
      result = CommandResult.rejected(CommandResult.INVALID, "internal error applying the command: " + e);
    }
    updateLastAppliedTermIndex(entry.getTerm(), index);
    applied.advanceTo(index);
    try {
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(Json.mapper().writeValueAsBytes(result))));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Applies one command; a traced one within its apply span (which never changes what is applied). */
  private CommandResult apply(CommandCodec.Decoded decoded, long index) {
    Span span = tracing.apply(decoded, index);
    CommandResult result;
    try (Scope ignored = Tracing.activate(span)) {
      result = store.apply(decoded.command(), index);
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.toString());
      span.end();
      throw e;
    }
    tracing.applied(span, decoded.command(), result);
    return result;
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    byte[] bytes = store.snapshotBytes();
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    MD5Hash md5 = MD5FileUtil.computeMd5ForFile(tmp.toFile());
    MD5FileUtil.saveMD5File(target, md5);
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    log.info("snapshot written at index {} ({} bytes): {}", last.getIndex(), bytes.length, target);
    return last.getIndex();
  }

  private void loadLatestSnapshot() throws IOException {
    SingleFileSnapshotInfo snap = storage.getLatestSnapshot();
    if (snap == null) {
      store.reset();
      return;
    }
    Path file = snap.getFile().getPath();
    MD5Hash stored = snap.getFile().getFileDigest();
    if (stored == null) {
      throw new CorruptDataException(file, "its checksum file " + file.getFileName() + ".md5 is missing");
    }
    MD5Hash actual = MD5FileUtil.computeMd5ForFile(file.toFile());
    if (!actual.equals(stored)) {
      throw new CorruptDataException(file, "its MD5 checksum does not match (stored " + stored + ", computed " + actual + ")");
    }
    try {
      store.restore(Files.readAllBytes(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptDataException(file, "it cannot be read as a Streamfleet state snapshot: " + e.getMessage());
    }
    setLastAppliedTermIndex(snap.getTermIndex());
    applied.advanceTo(snap.getIndex());
    log.info("state loaded from snapshot at index {}: {}", snap.getIndex(), file);
  }

  /** Entries without a command (leader no-ops, configuration changes) advance the index too. */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    applied.advanceTo(index);
  }

  @Override
  public void notifyLeaderReady() {
    leadership.leadershipGained();
  }

  @Override
  public void notifyNotLeader(java.util.Collection<TransactionContext> pending) {
    leadership.leadershipLost();
  }
}
