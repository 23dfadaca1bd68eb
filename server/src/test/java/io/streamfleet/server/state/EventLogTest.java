package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.EventsPublished;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.PutProcessor;
import io.streamfleet.model.command.SetRollout;
import io.streamfleet.model.rollout.RolloutAction;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private static final CommandMeta META = new CommandMeta(1_000, "agent:n1", "agent");
  private final ClusterState state = ClusterState.initial();
  private long index = 1;

  @Test
  void takesEventsOfTheCurrentInstanceOnceEachInOrder() {
    runningOn("cam-1", "n1");

    assertThat(append("n1", item("cam-1", 1, 1), item("cam-1", 1, 2)).version()).isEqualTo(2);
    assertThat(append("n1", item("cam-1", 1, 2), item("cam-1", 1, 3)).version()).as("seq 2 again is a duplicate").isEqualTo(1);

    assertThat(processorEvents()).extracting(EventRecord::seq).containsExactly(1L, 2L, 3L);
    assertThat(processorEvents()).allSatisfy(e -> {
      assertThat(e.node()).isEqualTo("n1");
      assertThat(e.epoch()).isEqualTo(1);
      assertThat(e.kind()).isEqualTo("motion");
    });
  }

  @Test
  void dropsEventsOfASupersededEpochOrAnotherNode() {
    runningOn("cam-1", "n1");
    register("n2");
    state.apply(new NodeDown(META, "n1", 1, "silent", List.of(new NodeDown.Placement("cam-1", "n2"))), index++);
    assertThat(state.assignment("cam-1").epoch()).isEqualTo(2);

    assertThat(append("n1", item("cam-1", 1, 7)).version()).as("the zombie's late event").isZero();
    assertThat(append("n1", item("cam-1", 2, 1)).version()).as("the right epoch from the wrong node").isZero();
    assertThat(append("n2", item("cam-1", 2, 1)).version()).isEqualTo(1);
  }

  @Test
  void anExclusiveInstancesLastEventsAreTakenAfterItLeftUntilItsSuccessorsFirst() {
    register("n1");
    register("n2");
    state.apply(new CreateStream(META, ClusterStateTest.aStream("cam-1").withHandover(HandoverPolicy.EXCLUSIVE).build()), index++);
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()), index++);
    append("n1", item("cam-1", 1, 1));
    state.apply(new NodeDown(META, "n1", 1, "silent", List.of(new NodeDown.Placement("cam-1", "n2"))), index++);
    assertThat(state.assignment("cam-1").epoch()).isGreaterThan(1);

    AppendEvents.Item late = item("cam-1", 1, 2);
    assertThat(state.eventAdmissible("n1", late)).isTrue();
    assertThat(append("n1", late).version()).as("processed before it stopped, while it ran alone").isEqualTo(1);
    assertThat(append("n1", item("cam-1", 1, 2)).version()).as("seq 2 again").isZero();
    state.apply(new ReportStatuses(META, "n1", List.of(new ReportStatuses.Item("cam-1", 1, AssignmentState.STOPPING, null, 0))), index++);
    long pending = state.assignment("cam-1").epoch();
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", pending, "n2")), Map.of()), index++);
    long successor = state.assignment("cam-1").epoch();
    assertThat(state.assignment("cam-1").node()).isEqualTo("n2");
    assertThat(append("n2", item("cam-1", successor, 1)).version()).isEqualTo(1);
    assertThat(append("n1", item("cam-1", 1, 3)).version()).as("once the successor's events are taken").isZero();
  }

  @Test
  void recordsNodeStatesPlacementsAndMigrationsWithGrowingIds() {
    runningOn("cam-1", "n1");
    register("n2");
    state.apply(new NodeDown(META, "n1", 1, "silent", List.of(new NodeDown.Placement("cam-1", "n2"))), index++);

    List<EventRecord> all = state.events(0, e -> true, 100);
    assertThat(all).extracting(EventRecord::id).isSorted().doesNotHaveDuplicates();
    assertThat(all).extracting(EventRecord::type).containsSubsequence(EventTypes.NODE, EventTypes.ASSIGNMENT, EventTypes.NODE,
        EventTypes.MIGRATION);
    EventRecord migration = all.stream().filter(e -> e.type().equals(EventTypes.MIGRATION)).findFirst().orElseThrow();
    assertThat(migration.fromNode()).isEqualTo("n1");
    assertThat(migration.node()).isEqualTo("n2");
    assertThat(migration.epoch()).isEqualTo(2);
    assertThat(all.stream().filter(e -> e.type().equals(EventTypes.NODE) && "down".equals(e.kind()))).hasSize(1);
  }

  @Test
  void resumesAfterAnIdAndKeepsOnlyTheNewestEntries() {
    runningOn("cam-1", "n1");
    long before = state.lastEventId();
    List<AppendEvents.Item> many = new ArrayList<>();
    for (int seq = 1; seq <= EventLog.LIMIT + 5; seq++) {
      many.add(item("cam-1", 1, seq));
    }
    state.apply(new AppendEvents(META, "n1", many), index++);

    assertThat(state.lastEventId()).isEqualTo(before + EventLog.LIMIT + 5);
    assertThat(state.firstEventId()).isEqualTo(state.lastEventId() - EventLog.LIMIT + 1);
    List<EventRecord> tail = state.events(state.lastEventId() - 2, e -> true, 10);
    assertThat(tail).extracting(EventRecord::seq).containsExactly((long) EventLog.LIMIT + 4, (long) EventLog.LIMIT + 5);
  }

  @Test
  void survivesASnapshotWithItsIdsNumberingAndPublishedMark() {
    runningOn("cam-1", "n1");
    append("n1", item("cam-1", 1, 1), item("cam-1", 1, 2));
    state.apply(new EventsPublished(META, state.lastEventId() - 1), index++);

    ClusterState restored = ClusterState.restore(state.snapshot());

    assertThat(restored.events(0, e -> true, 100)).isEqualTo(state.events(0, e -> true, 100));
    assertThat(restored.publishedEventId()).isEqualTo(state.lastEventId() - 1);
    assertThat(restored.apply(new AppendEvents(META, "n1", List.of(item("cam-1", 1, 2))), index++).version())
        .as("the restored state still knows seq 2 was taken").isZero();
  }

  @Test
  void aStreamCreatedAgainUnderTheSameIdNumbersFromItsNewEpoch() {
    runningOn("cam-1", "n1");
    append("n1", item("cam-1", 1, 5));
    state.apply(new DeleteStream(META, "cam-1"), index++);
    state.apply(new CreateStream(META, ClusterStateTest.aStream("cam-1").build()), index++);
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 1, "n1")), Map.of()), index++);

    assertThat(append("n1", item("cam-1", 2, 1)).version()).isEqualTo(1);
  }

  @Test
  void aCameraGoingAwayAndComingBackIsRecordedOnceEachWay() {
    runningOn("cam-1", "n1");
    report("cam-1", AssignmentState.RUNNING, null);
    report("cam-1", AssignmentState.DEGRADED, "Connection refused");
    report("cam-1", AssignmentState.DEGRADED, "No route to host");
    report("cam-1", AssignmentState.RUNNING, null);
    report("cam-1", AssignmentState.RUNNING, null);

    List<EventRecord> health = state.events(0, e -> e.type().equals(EventTypes.STREAM), 100);
    assertThat(health).extracting(EventRecord::kind).containsExactly("degraded", "recovered");
    assertThat(health.getFirst().reason()).isEqualTo("Connection refused");
    assertThat(health.getFirst().node()).isEqualTo("n1");
    assertThat(state.assignment("cam-1").state()).isEqualTo(AssignmentState.RUNNING);
  }

  @Test
  void aRolloutsStartAndEachChangeOfStatusAreEntriesButItsProgressIsNot() {
    runningOn("cam-1", "n1");
    assertThat(state.apply(new PutProcessor(META, ClusterStateTest.anExecProcessor("motion").build()), index++).isOk()).isTrue();
    long version = state.processor("motion").version();
    assertThat(state.apply(new PutProcessor(META, ClusterStateTest.anExecProcessor("motion").withCommand("motion", "--v2").build()),
        index++).isOk()).isTrue();
    long v2 = state.processor("motion").version();
    assertThat(state.apply(new SetRollout(META, "motion", v2, RolloutAction.PAUSE, "looking at cam-1"), index++).isOk()).isTrue();
    assertThat(state.apply(new SetRollout(META, "motion", v2, RolloutAction.PAUSE, "again"), index++).isOk()).isFalse();
    assertThat(state.apply(new SetRollout(META, "motion", v2, RolloutAction.RESUME, null), index++).isOk()).isTrue();

    List<EventRecord> rollouts = state.events(0, e -> e.type().equals(EventTypes.ROLLOUT), 100);
    assertThat(rollouts).extracting(EventRecord::kind).endsWith("running", "paused", "running");
    EventRecord paused = rollouts.get(rollouts.size() - 2);
    assertThat(paused.reason()).isEqualTo("looking at cam-1");
    assertThat(paused.payload().get("processor").asText()).isEqualTo("motion");
    assertThat(paused.payload().get("version").asLong()).isEqualTo(v2);
    assertThat(paused.payload().get("from_version").asLong()).isEqualTo(version);
  }

  private void report(String stream, AssignmentState s, String reason) {
    state.apply(new ReportStatuses(META, "n1", List.of(new ReportStatuses.Item(stream, 1, s, reason, 0))), index++);
  }

  private void runningOn(String stream, String node) {
    register(node);
    state.apply(new CreateStream(META, ClusterStateTest.aStream(stream).build()), index++);
    assertThat(state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement(stream, 0, node)), Map.of()), index++).isOk()).isTrue();
  }

  private void register(String node) {
    assertThat(state.apply(new RegisterNode(META, node, 1, null, null, "desktop", Resources.of(4000, 4096)), index++).isOk()).isTrue();
  }

  private io.streamfleet.model.command.CommandResult append(String node, AppendEvents.Item... items) {
    return state.apply(new AppendEvents(META, node, List.of(items)), index++);
  }

  private static AppendEvents.Item item(String stream, long epoch, long seq) {
    return new AppendEvents.Item(stream, epoch, seq, "motion", 1_000 + seq, JsonNodeFactory.instance.objectNode().put("area", 0.5));
  }

  private List<EventRecord> processorEvents() {
    return state.events(0, e -> e.type().equals(EventTypes.PROCESSOR), 100);
  }
}
