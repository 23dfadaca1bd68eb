package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.AuditEntry;
import io.streamfleet.model.BuiltinProcessors;
import io.streamfleet.model.DriverKind;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Readiness;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteProcessor;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.PutProcessor;
import io.streamfleet.model.command.UpdateStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
  private static final long T0 = 1_764_000_000_000L;

  private final ClusterState state = ClusterState.initial();
  private long lastIndex;

  /** Applies {@code command} at the next log index, as the Raft apply thread would. */
  private CommandResult apply(Command command) {
    return state.apply(command, ++lastIndex);
  }

  @Test
  void aFreshClusterHasOnlyTheBuiltinProcessorAtVersionOne() {
    assertThat(state.streams()).isEmpty();
    assertThat(state.assignments()).isEmpty();
    assertThat(state.nodes()).isEmpty();
    assertThat(state.processors()).containsExactlyElementsOf(BuiltinProcessors.initialSpecs());
    assertThat(state.processor("motion").version()).isEqualTo(1);
    assertThat(state.audit(10)).isEmpty();
  }

  @Nested
  class CreatingAStream {
    @Test
    void storesItsSpecAtGenerationOne() {
      StreamSpec spec = aStream("cam-1").build();

      CommandResult result = apply(new CreateStream(meta(T0), spec));

      assertThat(result).isEqualTo(CommandResult.ok(1));
      assertThat(state.stream("cam-1")).isEqualTo(new StoredStream(spec, 1, T0, T0));
    }

    @Test
    void givesItAPendingAssignmentAtEpochZeroWithAReason() {
      apply(new CreateStream(meta(T0), aStream("cam-1").build()));

      Assignment assignment = state.assignment("cam-1");
      assertThat(assignment.streamId()).isEqualTo("cam-1");
      assertThat(assignment.state()).isEqualTo(AssignmentState.PENDING);
      assertThat(assignment.epoch()).isZero();
      assertThat(assignment.node()).isNull();
      assertThat(assignment.sinceMs()).isEqualTo(T0);
      assertThat(assignment.restarts()).isZero();
      assertThat(assignment.reason()).isEqualTo("no nodes have registered yet; start an agent with:"
          + " streamfleet agent --servers HOST:7070 --node-id NAME");
      assertThat(state.countStreams(AssignmentState.PENDING)).isEqualTo(1);
    }

    @Test
    void withAnIdThatExistsIsAConflictAndLeavesTheFirstUntouched() {
      StreamSpec first = aStream("cam-1").build();
      apply(new CreateStream(meta(T0), first));

      CommandResult result = apply(new CreateStream(meta(T0 + 5), aStream("cam-1").withUrl("rtsp://other.local/s").build()));

      assertThat(result.code()).isEqualTo(CommandResult.CONFLICT);
      assertThat(result.message()).isEqualTo("stream 'cam-1' already exists; change it with PUT /api/v1/streams/cam-1"
          + " or pick another id");
      assertThat(state.stream("cam-1")).isEqualTo(new StoredStream(first, 1, T0, T0));
    }

    @Test
    void withAnUnknownProcessorIsInvalidAndStoresNothing() {
      CommandResult result = apply(new CreateStream(meta(T0), aStream("cam-1").withProcessor("people-counter").build()));

      assertThat(result.code()).isEqualTo(CommandResult.INVALID);
      assertThat(result.message()).isEqualTo("processor: unknown processor 'people-counter';"
          + " list them with GET /api/v1/processors");
      assertThat(state.stream("cam-1")).isNull();
      assertThat(state.assignment("cam-1")).isNull();
    }
  }

  @Nested
  class UpdatingAStream {
    @Test
    void thatDoesNotExistIsNotFound() {
      CommandResult result = apply(new UpdateStream(meta(T0), aStream("cam-9").build()));

      assertThat(result).isEqualTo(CommandResult.rejected(CommandResult.NOT_FOUND, "stream 'cam-9' does not exist"));
      assertThat(state.stream("cam-9")).isNull();
    }

    @Test
    void withTheSameSpecKeepsGenerationAndUpdateTime() {
      StreamSpec spec = aStream("cam-1").build();
      apply(new CreateStream(meta(T0), spec));

      CommandResult result = apply(new UpdateStream(meta(T0 + 1000), aStream("cam-1").build()));

      assertThat(result).isEqualTo(CommandResult.ok(1));
      assertThat(state.stream("cam-1")).isEqualTo(new StoredStream(spec, 1, T0, T0));
    }

    @Test
    void withAChangedSpecBumpsTheGenerationAndKeepsTheCreationTime() {
      apply(new CreateStream(meta(T0), aStream("cam-1").build()));
      StreamSpec changed = aStream("cam-1").withPriority(90).build();

      CommandResult result = apply(new UpdateStream(meta(T0 + 1000), changed));

      assertThat(result).isEqualTo(CommandResult.ok(2));
      assertThat(state.stream("cam-1")).isEqualTo(new StoredStream(changed, 2, T0, T0 + 1000));
    }

    @Test
    void bumpsTheGenerationOncePerChange() {
      apply(new CreateStream(meta(T0), aStream("cam-1").build()));

      apply(new UpdateStream(meta(T0 + 1), aStream("cam-1").withPriority(10).build()));
      apply(new UpdateStream(meta(T0 + 2), aStream("cam-1").withPriority(10).build()));
      CommandResult third = apply(new UpdateStream(meta(T0 + 3), aStream("cam-1").withLabel("site", "north").build()));

      assertThat(third).isEqualTo(CommandResult.ok(3));
      assertThat(state.stream("cam-1").generation()).isEqualTo(3);
    }

    @Test
    void keepsTheAssignment() {
      apply(new CreateStream(meta(T0), aStream("cam-1").build()));
      Assignment before = state.assignment("cam-1");

      apply(new UpdateStream(meta(T0 + 1000), aStream("cam-1").withPriority(90).build()));

      assertThat(state.assignment("cam-1")).isEqualTo(before);
    }

    @Test
    void toAnUnknownProcessorIsInvalidAndKeepsTheOldSpec() {
      StreamSpec spec = aStream("cam-1").build();
      apply(new CreateStream(meta(T0), spec));

      CommandResult result = apply(new UpdateStream(meta(T0 + 1), aStream("cam-1").withProcessor("gone").build()));

      assertThat(result.code()).isEqualTo(CommandResult.INVALID);
      assertThat(result.message()).contains("unknown processor 'gone'");
      assertThat(state.stream("cam-1")).isEqualTo(new StoredStream(spec, 1, T0, T0));
    }
  }

  @Nested
  class DeletingAStream {
    @Test
    void removesTheStreamAndItsAssignment() {
      apply(new CreateStream(meta(T0), aStream("cam-1").build()));
      apply(new CreateStream(meta(T0), aStream("cam-2").build()));

      CommandResult result = apply(new DeleteStream(meta(T0 + 1), "cam-1"));

      assertThat(result).isEqualTo(CommandResult.ok());
      assertThat(state.stream("cam-1")).isNull();
      assertThat(state.assignment("cam-1")).isNull();
      assertThat(state.streams()).extracting(s -> s.spec().id()).containsExactly("cam-2");
      assertThat(state.assignments()).extracting(Assignment::streamId).containsExactly("cam-2");
    }

    @Test
    void thatDoesNotExistIsNotFound() {
      CommandResult result = apply(new DeleteStream(meta(T0), "cam-9"));

      assertThat(result).isEqualTo(CommandResult.rejected(CommandResult.NOT_FOUND, "stream 'cam-9' does not exist"));
    }

    @Test
    void letsTheIdBeCreatedAgainFromGenerationOne() {
      apply(new CreateStream(meta(T0), aStream("cam-1").build()));
      apply(new UpdateStream(meta(T0 + 1), aStream("cam-1").withPriority(1).build()));
      apply(new DeleteStream(meta(T0 + 2), "cam-1"));

      CommandResult result = apply(new CreateStream(meta(T0 + 3), aStream("cam-1").build()));

      assertThat(result).isEqualTo(CommandResult.ok(1));
      assertThat(state.stream("cam-1").createdMs()).isEqualTo(T0 + 3);
    }
  }

  @Nested
  class PuttingAProcessor {
    @Test
    void thatIsNewStoresItAtVersionOneWhateverVersionItCarries() {
      CommandResult result = apply(new PutProcessor(meta(T0), anExecProcessor("yolo").withVersion(7).build()));

      assertThat(result).isEqualTo(CommandResult.ok(1));
      assertThat(state.processor("yolo")).isEqualTo(anExecProcessor("yolo").withVersion(1).build());
    }

    @Test
    void withChangedContentStoresTheNextVersion() {
      apply(new PutProcessor(meta(T0), anExecProcessor("yolo").build()));

      CommandResult result = apply(new PutProcessor(meta(T0 + 1), anExecProcessor("yolo").withCommand("yolo", "--fast").build()));

      assertThat(result).isEqualTo(CommandResult.ok(2));
      assertThat(state.processor("yolo").version()).isEqualTo(2);
      assertThat(state.processor("yolo").command()).containsExactly("yolo", "--fast");
    }

    @Test
    void withTheSameContentKeepsTheVersion() {
      apply(new PutProcessor(meta(T0), anExecProcessor("yolo").build()));
      apply(new PutProcessor(meta(T0 + 1), anExecProcessor("yolo").withCommand("yolo", "--fast").build()));

      CommandResult result = apply(new PutProcessor(meta(T0 + 2), anExecProcessor("yolo").withCommand("yolo", "--fast")
          .withVersion(99).build()));

      assertThat(result).isEqualTo(CommandResult.ok(2));
      assertThat(state.processor("yolo").version()).isEqualTo(2);
    }

    @Test
    void overTheBuiltinMotionIsVersionedLikeAnyOther() {
      ProcessorSpec builtinMotion = state.processor("motion");

      CommandResult same = apply(new PutProcessor(meta(T0), builtinMotion.withVersion(0)));
      CommandResult changed = apply(new PutProcessor(meta(T0 + 1), new ProcessorSpec("motion", 0, DriverKind.BUILTIN,
          "motion", null, null, null, Readiness.FIRST_FRAME, Resources.of(500, 256), "tuned")));

      assertThat(same).isEqualTo(CommandResult.ok(1));
      assertThat(changed).isEqualTo(CommandResult.ok(2));
    }
  }

  @Nested
  class DeletingAProcessor {
    @Test
    void thatNoStreamUsesRemovesIt() {
      apply(new PutProcessor(meta(T0), anExecProcessor("yolo").build()));

      CommandResult result = apply(new DeleteProcessor(meta(T0 + 1), "yolo"));

      assertThat(result).isEqualTo(CommandResult.ok());
      assertThat(state.processor("yolo")).isNull();
    }

    @Test
    void thatDoesNotExistIsNotFound() {
      CommandResult result = apply(new DeleteProcessor(meta(T0), "yolo"));

      assertThat(result).isEqualTo(CommandResult.rejected(CommandResult.NOT_FOUND, "processor 'yolo' does not exist"));
    }

    @Test
    void thatStreamsUseIsAConflictNamingThem() {
      apply(new PutProcessor(meta(T0), anExecProcessor("yolo").build()));
      apply(new CreateStream(meta(T0), aStream("cam-2").withProcessor("yolo").build()));
      apply(new CreateStream(meta(T0), aStream("cam-1").withProcessor("yolo").build()));
      apply(new CreateStream(meta(T0), aStream("cam-3").withProcessor("motion").build()));

      CommandResult result = apply(new DeleteProcessor(meta(T0 + 1), "yolo"));

      assertThat(result).isEqualTo(CommandResult.rejected(CommandResult.CONFLICT, "processor 'yolo' is used by streams"
          + " cam-1, cam-2; delete them or point them at another processor first"));
      assertThat(state.processor("yolo")).isNotNull();
    }

    @Test
    void usedByManyStreamsNamesTheFirstFive() {
      apply(new PutProcessor(meta(T0), anExecProcessor("yolo").build()));
      for (int i = 1; i <= 7; i++) {
        apply(new CreateStream(meta(T0), aStream("cam-" + i).withProcessor("yolo").build()));
      }

      CommandResult result = apply(new DeleteProcessor(meta(T0 + 1), "yolo"));

      assertThat(result.code()).isEqualTo(CommandResult.CONFLICT);
      assertThat(result.message()).contains("is used by streams cam-1, cam-2, cam-3, cam-4, cam-5, ...;");
    }

    @Test
    void motionCannotBeDeletedEvenWhenUnused() {
      CommandResult result = apply(new DeleteProcessor(meta(T0), "motion"));

      assertThat(result).isEqualTo(CommandResult.rejected(CommandResult.CONFLICT,
          "processor 'motion' is a built-in default; it can be changed with PUT but not deleted"));
      assertThat(state.processor("motion")).isNotNull();
    }
  }

  @Nested
  class AuditTrail {
    @Test
    void recordsWhoDidWhatWhenToWhatAndHowItEnded() {
      apply(new CreateStream(new CommandMeta(T0, "alice", "10.0.0.5"), aStream("cam-1").build()));

      assertThat(state.audit(10)).containsExactly(
          new AuditEntry(1, 1, T0, "alice", "10.0.0.5", "stream.create", "cam-1", "ok"));
    }

    @Test
    void recordsRejectedCommandsWithTheirErrorCode() {
      apply(new CreateStream(new CommandMeta(T0, "alice", "10.0.0.5"), aStream("cam-1").build()));
      apply(new CreateStream(new CommandMeta(T0 + 1, "bob", "10.0.0.6"), aStream("cam-1").build()));
      apply(new UpdateStream(new CommandMeta(T0 + 2, "bob", "10.0.0.6"), aStream("cam-9").build()));
      apply(new CreateStream(new CommandMeta(T0 + 3, "carol", "leader"), aStream("cam-2").withProcessor("nope").build()));
      apply(new DeleteProcessor(new CommandMeta(T0 + 4, "carol", "leader"), "motion"));
      apply(new PutProcessor(new CommandMeta(T0 + 5, "dave", "10.0.0.7"), anExecProcessor("yolo").build()));
      apply(new DeleteStream(new CommandMeta(T0 + 6, "dave", "10.0.0.7"), "cam-1"));

      assertThat(state.audit(100)).containsExactly(
          new AuditEntry(1, 1, T0, "alice", "10.0.0.5", "stream.create", "cam-1", "ok"),
          new AuditEntry(2, 2, T0 + 1, "bob", "10.0.0.6", "stream.create", "cam-1", "conflict"),
          new AuditEntry(3, 3, T0 + 2, "bob", "10.0.0.6", "stream.update", "cam-9", "not_found"),
          new AuditEntry(4, 4, T0 + 3, "carol", "leader", "stream.create", "cam-2", "invalid"),
          new AuditEntry(5, 5, T0 + 4, "carol", "leader", "processor.delete", "motion", "conflict"),
          new AuditEntry(6, 6, T0 + 5, "dave", "10.0.0.7", "processor.put", "yolo", "ok"),
          new AuditEntry(7, 7, T0 + 6, "dave", "10.0.0.7", "stream.delete", "cam-1", "ok"));
    }

    @Test
    void recordsTheRaftLogIndexItWasGiven() {
      state.apply(new DeleteStream(meta(T0), "cam-1"), 42);
      state.apply(new DeleteStream(meta(T0), "cam-1"), 57);

      assertThat(state.audit(10)).extracting(AuditEntry::seq, AuditEntry::logIndex)
          .containsExactly(tuple(1L, 42L), tuple(2L, 57L));
    }

    @Test
    void keepsOnlyTheNewestAuditLimitEntries() {
      int extra = 5;
      for (int i = 0; i < ClusterState.AUDIT_LIMIT + extra; i++) {
        apply(new DeleteStream(meta(T0 + i), "cam-" + i));
      }

      List<AuditEntry> kept = state.audit(Integer.MAX_VALUE);
      assertThat(kept).hasSize(ClusterState.AUDIT_LIMIT);
      assertThat(kept.get(0).seq()).isEqualTo(extra + 1);
      assertThat(kept.get(kept.size() - 1).seq()).isEqualTo(ClusterState.AUDIT_LIMIT + extra);
      assertThat(state.snapshot().audit()).hasSize(ClusterState.AUDIT_LIMIT);
      assertThat(state.snapshot().nextAuditSeq()).isEqualTo(ClusterState.AUDIT_LIMIT + extra + 1);
    }

    @Test
    void readsTheNewestEntriesOldestFirst() {
      for (int i = 1; i <= 5; i++) {
        apply(new DeleteStream(meta(T0 + i), "cam-" + i));
      }

      assertThat(state.audit(2)).extracting(AuditEntry::target).containsExactly("cam-4", "cam-5");
      assertThat(state.audit(0)).isEmpty();
    }
  }

  @Nested
  class Snapshots {
    @Test
    void restoringSnapshotBytesGivesAnEqualSnapshot() throws IOException {
      StateStore store = new StateStore();
      for (Command c : aBusyHistory()) {
        store.apply(c, ++lastIndex);
      }
      byte[] bytes = store.snapshotBytes();

      StateStore restored = new StateStore();
      restored.restore(bytes);

      assertThat(restored.read(ClusterState::snapshot)).isEqualTo(store.read(ClusterState::snapshot));
      assertThat(restored.snapshotBytes()).isEqualTo(bytes);
    }

    @Test
    void ofAFreshClusterRoundTrips() throws IOException {
      StateStore store = new StateStore();
      StateStore restored = new StateStore();
      restored.restore(store.snapshotBytes());

      assertThat(restored.read(ClusterState::snapshot)).isEqualTo(ClusterState.initial().snapshot());
    }

    @Test
    void restoredStateContinuesTheAuditSequence() throws IOException {
      StateStore store = new StateStore();
      store.apply(new DeleteStream(meta(T0), "cam-1"), 1);
      StateStore restored = new StateStore();
      restored.restore(store.snapshotBytes());

      restored.apply(new DeleteStream(meta(T0), "cam-2"), 2);

      List<AuditEntry> audit = restored.read(s -> s.audit(10));
      assertThat(audit).extracting(AuditEntry::seq).containsExactly(1L, 2L);
    }

    @Test
    void ofANewerStateFormatAreRefused() {
      StateSnapshot newer = new StateSnapshot(StateSnapshot.FORMAT + 1, List.of(), List.of(), List.of(), List.of(), List.of(), 1, null);

      assertThatIllegalArgumentException()
          .isThrownBy(() -> ClusterState.restore(newer))
          .withMessage("state format 2 is not supported (this build reads 1..1)");
    }

    @Test
    void resettingTheStoreGivesAFreshCluster() {
      StateStore store = new StateStore();
      store.apply(new CreateStream(meta(T0), aStream("cam-1").build()), 1);

      store.reset();

      assertThat(store.read(ClusterState::snapshot)).isEqualTo(ClusterState.initial().snapshot());
    }

    private List<Command> aBusyHistory() {
      return List.of(
          new PutProcessor(meta(T0), anExecProcessor("yolo").build()),
          new CreateStream(meta(T0 + 1), aStream("cam-1").withProcessor("yolo").withLabel("site", "north")
              .withParam("threshold", "0.4").withZone("zone-a").withSpreadGroup("lobby")
              .withResources(new Resources(2000, 1024, 1, "hailo")).withHandover(HandoverPolicy.EXCLUSIVE).build()),
          new CreateStream(meta(T0 + 2), aStream("cam-2").build()),
          new CreateStream(meta(T0 + 3), aStream("cam-2").build()),
          new UpdateStream(meta(T0 + 4), aStream("cam-2").withPriority(90).build()),
          new PutProcessor(meta(T0 + 5), anExecProcessor("yolo").withCommand("yolo", "--fast").build()),
          new DeleteProcessor(meta(T0 + 6), "yolo"),
          new CreateStream(meta(T0 + 7), aStream("cam-3").build()),
          new DeleteStream(meta(T0 + 8), "cam-3"));
    }
  }

  // ---- properties: the state machine is a deterministic function of the log ----

  @Property(tries = 300)
  void applyingTheSameCommandsToTwoFreshStatesGivesIdenticalSnapshotBytes(
      @ForAll("commandSequences") List<Command> commands) {
    assertThat(snapshotBytesAfter(new StateStore(), commands, 0)).isEqualTo(snapshotBytesAfter(new StateStore(), commands, 0));
  }

  @Property(tries = 300)
  void replayingFromAMidwaySnapshotEqualsApplyingEverything(
      @ForAll("commandSequences") List<Command> commands, @ForAll @IntRange(min = 0, max = 40) int cut) throws IOException {
    int split = Math.min(cut, commands.size());
    byte[] all = snapshotBytesAfter(new StateStore(), commands, 0);

    byte[] midway = snapshotBytesAfter(new StateStore(), commands.subList(0, split), 0);
    StateStore restarted = new StateStore();
    restarted.restore(midway);
    byte[] replayed = snapshotBytesAfter(restarted, commands.subList(split, commands.size()), split);

    assertThat(replayed).isEqualTo(all);
  }

  @Property(tries = 300)
  void everyStreamHasOneAssignmentAndAnExistingProcessorAfterEveryCommand(
      @ForAll("commandSequences") List<Command> commands) {
    ClusterState s = ClusterState.initial();
    long index = 0;
    for (Command c : commands) {
      s.apply(c, ++index);
      assertThat(s.assignments()).extracting(Assignment::streamId)
          .containsExactlyElementsOf(s.streams().stream().map(x -> x.spec().id()).toList());
      for (StoredStream stream : s.streams()) {
        assertThat(s.processor(stream.spec().processor())).as("processor of %s", stream.spec().id()).isNotNull();
      }
      assertThat(s.processor(BuiltinProcessors.MOTION)).isNotNull();
    }
    assertThat(s.audit(Integer.MAX_VALUE)).extracting(AuditEntry::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, commands.size()).boxed().toList());
  }

  private static byte[] snapshotBytesAfter(StateStore store, List<Command> commands, long lastApplied) {
    long index = lastApplied;
    for (Command c : commands) {
      store.apply(c, ++index);
    }
    return store.snapshotBytes();
  }

  /**
   * Short histories over a few ids, so that creates collide, updates and deletes hit both existing
   * and missing streams, and processors are deleted while in use.
   */
  @Provide
  Arbitrary<List<Command>> commandSequences() {
    Arbitrary<String> streamIds = Arbitraries.of("cam-1", "cam-2", "cam-3", "cam-4");
    Arbitrary<String> processors = Arbitraries.of("motion", "yolo", "ffmpeg-copy", "missing");
    Arbitrary<CommandMeta> metas = Combinators.combine(
        Arbitraries.longs().between(T0, T0 + 86_400_000L), Arbitraries.of("alice", "bob", "anonymous"),
        Arbitraries.of("10.0.0.5", "leader")).as(CommandMeta::new);
    Arbitrary<StreamSpec> streams = Combinators.combine(
        streamIds, processors, Arbitraries.integers().between(0, 100), Arbitraries.of(HandoverPolicy.values()),
        Arbitraries.of("north", "south", "")).as((id, processor, priority, handover, site) -> {
          StreamSpecBuilder b = aStream(id).withProcessor(processor).withPriority(priority).withHandover(handover);
          return site.isEmpty() ? b.build() : b.withLabel("site", site).build();
        });
    Arbitrary<ProcessorSpec> processorSpecs = Combinators.combine(
        processors, Arbitraries.of("--fast", "--accurate"), Arbitraries.integers().between(100, 4000))
        .as((name, flag, cpu) -> anExecProcessor(name).withCommand(name, flag).withResources(Resources.of(cpu, 256)).build());
    Arbitrary<Command> commands = Arbitraries.oneOf(
        Combinators.combine(metas, streams).as(CreateStream::new),
        Combinators.combine(metas, streams).as(UpdateStream::new),
        Combinators.combine(metas, streamIds).as(DeleteStream::new),
        Combinators.combine(metas, processorSpecs).as(PutProcessor::new),
        Combinators.combine(metas, processors).as(DeleteProcessor::new));
    return commands.list().ofMaxSize(40);
  }

  // ---- test data ----

  private static CommandMeta meta(long atMs) {
    return new CommandMeta(atMs, "alice", "10.0.0.5");
  }

  static StreamSpecBuilder aStream(String id) {
    return new StreamSpecBuilder(id);
  }

  static ProcessorSpecBuilder anExecProcessor(String name) {
    return new ProcessorSpecBuilder(name);
  }

  /** A valid stream spec on the builtin motion processor unless told otherwise. */
  static final class StreamSpecBuilder {
    private final String id;
    private String url;
    private String processor = "motion";
    private String zone;
    private Resources resources = Resources.STREAM_DEFAULT;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> params = new TreeMap<>();
    private int priority = 50;
    private HandoverPolicy handover = HandoverPolicy.OVERLAP;
    private String spreadGroup;

    private StreamSpecBuilder(String id) {
      this.id = id;
      this.url = "synthetic://" + id + "?fps=10";
    }

    StreamSpecBuilder withUrl(String value) {
      this.url = value;
      return this;
    }

    StreamSpecBuilder withProcessor(String value) {
      this.processor = value;
      return this;
    }

    StreamSpecBuilder withZone(String value) {
      this.zone = value;
      return this;
    }

    StreamSpecBuilder withResources(Resources value) {
      this.resources = value;
      return this;
    }

    StreamSpecBuilder withLabel(String key, String value) {
      labels.put(key, value);
      return this;
    }

    StreamSpecBuilder withParam(String key, String value) {
      params.put(key, value);
      return this;
    }

    StreamSpecBuilder withPriority(int value) {
      this.priority = value;
      return this;
    }

    StreamSpecBuilder withHandover(HandoverPolicy value) {
      this.handover = value;
      return this;
    }

    StreamSpecBuilder withSpreadGroup(String value) {
      this.spreadGroup = value;
      return this;
    }

    StreamSpec build() {
      return new StreamSpec(id, url, processor, zone, resources, new TreeMap<>(labels), priority, handover, spreadGroup,
          new TreeMap<>(params));
    }
  }

  /** An exec processor spec at version 0 (unassigned), as the API parser produces it. */
  static final class ProcessorSpecBuilder {
    private final String name;
    private long version;
    private List<String> command;
    private Resources resources = Resources.of(1000, 512);

    private ProcessorSpecBuilder(String name) {
      this.name = name;
      this.command = List.of(name, "--url", "{stream.url}");
    }

    ProcessorSpecBuilder withVersion(long value) {
      this.version = value;
      return this;
    }

    ProcessorSpecBuilder withCommand(String... args) {
      this.command = new ArrayList<>(List.of(args));
      return this;
    }

    ProcessorSpecBuilder withResources(Resources value) {
      this.resources = value;
      return this;
    }

    ProcessorSpec build() {
      return new ProcessorSpec(name, version, DriverKind.EXEC, null, command, new TreeMap<>(Map.of("model", "default")), "/opt/" + name,
          Readiness.FIRST_EVENT, resources, null);
    }
  }
}
