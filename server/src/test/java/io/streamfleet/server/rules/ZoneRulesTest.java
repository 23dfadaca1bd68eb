package io.streamfleet.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.EndRuleAction;
import io.streamfleet.model.command.FireRule;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.PutRule;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.model.rule.RuleRequest;
import io.streamfleet.model.rule.RuleSpec;
import io.streamfleet.model.rule.RuleSpecParser;
import io.streamfleet.server.state.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Zone consensus rules: what the evaluator sees in the log, and what the state accepts as a firing. */
class ZoneRulesTest {
  private static final long T0 = 1_764_000_000_000L;
  private final ClusterState state = ClusterState.initial();
  private long index = 1;
  private final RuleSpec rule = RuleSpecParser.parse(new RuleRequest("fire-north", "north", null, "fire", 0.7, 2, 2, 60L, null, null,
      "gpio/pump/pump-01", "ON", "OFF", 300L, 30L));

  ZoneRulesTest() {
    node("n1", "north");
    node("n2", "north");
    node("n3", "north");
    camera("cam-a", "north", null, "n1");
    camera("cam-b", "south", "north", "n2"); // overlaps into north: it votes there
    camera("cam-c", "south", null, "n3");
    apply(new PutRule(meta(T0), rule));
  }

  @Test
  void twoCamerasOnTwoNodesAgreeAndOneCameraAloneDoesNot() {
    detect("n1", "cam-a", 1, 0.9, T0 + 1_000);
    assertThat(verdict(T0 + 2_000).fires()).as("one camera").isFalse();
    assertThat(verdict(T0 + 2_000).state()).isEqualTo("waiting");

    detect("n2", "cam-b", 1, 0.8, T0 + 1_500);
    RuleVerdict v = verdict(T0 + 2_000);
    assertThat(v.cameras()).containsExactly("cam-a", "cam-b");
    assertThat(v.nodes()).containsExactly("n1", "n2");
    assertThat(v.fires()).isTrue();
  }

  @Test
  void onlyDetectionsAfterAnActionWasConfirmedReConfirmIt() {
    detect("n1", "cam-a", 1, 0.9, T0 + 1_000);
    detect("n2", "cam-b", 1, 0.9, T0 + 1_500);
    long firedAt = T0 + 2_000;
    assertThat(RuleEvaluator.evaluate(rule, state, T0 + 3_000, firedAt).fires()).as("the votes that started it").isFalse();

    detect("n1", "cam-a", 2, 0.9, T0 + 2_500);
    detect("n2", "cam-b", 2, 0.9, T0 + 2_600);
    assertThat(RuleEvaluator.evaluate(rule, state, T0 + 3_000, firedAt).fires()).as("new detections from both").isTrue();
  }

  @Test
  void votesBelowTheConfidenceOutsideTheZoneOrTheWindowDoNotCount() {
    detect("n1", "cam-a", 1, 0.5, T0 + 1_000); // too unsure
    detect("n3", "cam-c", 1, 0.99, T0 + 1_000); // another zone
    detect("n2", "cam-b", 1, 0.9, T0 + 1_000);
    assertThat(verdict(T0 + 2_000).cameras()).containsExactly("cam-b");
    assertThat(verdict(T0 + 1_000 + 61_000).votes()).as("after the window").isEmpty();
  }

  @Test
  void withoutAQuorumOfLiveZoneNodesItReportsNoQuorumInsteadOfFiring() {
    detect("n1", "cam-a", 1, 0.9, T0 + 1_000);
    detect("n2", "cam-b", 1, 0.9, T0 + 1_000);
    apply(new NodeHealth(meta(T0), "n2", 1, NodeState.SUSPECT, "silent"));
    apply(new NodeHealth(meta(T0), "n3", 1, NodeState.SUSPECT, "silent"));

    RuleVerdict v = verdict(T0 + 2_000);
    assertThat(v.quorumNeeded()).as("max(2, floor(3 x 0.51))").isEqualTo(2);
    assertThat(v.liveNodes()).containsExactly("n1");
    assertThat(v.state()).isEqualTo("no_quorum");
    assertThat(v.fires()).isFalse();
  }

  @Test
  void aFiringIsTakenOnceAndItsActionGoesIntoTheLog() {
    FireRule fire = new FireRule(meta(T0 + 2_000), "fire-north", null, 0, T0 + 32_000, null);
    assertThat(apply(fire).isOk()).isTrue();
    assertThat(apply(new FireRule(meta(T0 + 2_001), "fire-north", null, 0, T0 + 32_000, null)).code())
        .as("the same decision again (a retry, a second leader)").isEqualTo(CommandResult.CONFLICT);

    assertThat(state.rule("fire-north").activeFiringId()).isEqualTo("fire-north-1");
    EventRecord fired = ruleEntries().get(0);
    assertThat(fired.kind()).isEqualTo("fired");
    assertThat(fired.payload().get("firing_id").asText()).isEqualTo("fire-north-1");
    assertThat(fired.payload().get("action_topic").asText()).isEqualTo("gpio/pump/pump-01");
    assertThat(fired.payload().get("action_payload").asText()).isEqualTo("ON");
  }

  @Test
  void anActiveFiringIsExtendedThenEndsWithItsStopPayloadAndCoolsDown() {
    apply(new FireRule(meta(T0), "fire-north", null, 0, T0 + 30_000, null));
    assertThat(apply(new FireRule(meta(T0 + 10_000), "fire-north", "fire-north-1", 1, T0 + 40_000, null)).isOk()).isTrue();
    assertThat(state.rule("fire-north").activeUntilMs()).isEqualTo(T0 + 40_000);

    apply(new EndRuleAction(meta(T0 + 40_000), "fire-north", "fire-north-1", "no re-confirmation"));
    apply(new EndRuleAction(meta(T0 + 40_001), "fire-north", "fire-north-1", "no re-confirmation")); // a retry: nothing twice
    assertThat(state.rule("fire-north").activeFiringId()).isNull();
    assertThat(ruleEntries()).extracting(EventRecord::kind).containsExactly("fired", "extended", "ended");
    assertThat(ruleEntries().get(2).payload().get("action_payload").asText()).isEqualTo("OFF");

    assertThat(apply(new FireRule(meta(T0 + 100_000), "fire-north", null, 1, T0 + 130_000, null)).code())
        .as("within the 300 s cool-down").isEqualTo(CommandResult.CONFLICT);
    assertThat(apply(new FireRule(meta(T0 + 300_000), "fire-north", null, 1, T0 + 330_000, null)).isOk()).isTrue();
    assertThat(state.rule("fire-north").activeFiringId()).isEqualTo("fire-north-2");
  }

  @Test
  void theConfidenceIsReadFromConfidenceOrScoreAndDefaultsToCertain() {
    var f = JsonNodeFactory.instance;
    assertThat(RuleEvaluator.confidence(f.objectNode().put("confidence", 0.8))).isEqualTo(0.8);
    assertThat(RuleEvaluator.confidence(f.objectNode().put("score", 85))).isEqualTo(0.85);
    assertThat(RuleEvaluator.confidence(f.objectNode().put("area", 0.1))).isEqualTo(1.0);
    assertThat(RuleEvaluator.confidence(null)).isEqualTo(1.0);
  }

  private RuleVerdict verdict(long now) {
    return RuleEvaluator.evaluate(rule, state, now);
  }

  private List<EventRecord> ruleEntries() {
    return state.events(0, e -> e.type().equals(EventTypes.RULE), 100);
  }

  private void node(String id, String zone) {
    assertThat(apply(new RegisterNode(meta(T0), id, 1, zone, null, "desktop", Resources.of(4000, 4096))).isOk()).isTrue();
  }

  private void camera(String id, String zone, String overlap, String node) {
    StreamSpec spec = new StreamSpec(id, "synthetic://" + id, "motion", zone, Resources.STREAM_DEFAULT, null, 50,
        io.streamfleet.model.HandoverPolicy.OVERLAP, null, null, overlap == null ? null : new TreeSet<>(List.of(overlap)), null);
    assertThat(apply(new CreateStream(meta(T0), spec)).isOk()).isTrue();
    assertThat(apply(new PlaceStreams(meta(T0), List.of(new PlaceStreams.Placement(id, 0, node)), Map.of())).isOk()).isTrue();
  }

  private void detect(String node, String camera, long seq, double confidence, long atMs) {
    var payload = JsonNodeFactory.instance.objectNode().put("confidence", confidence);
    assertThat(apply(new AppendEvents(meta(atMs), node, List.of(new AppendEvents.Item(camera, 1, seq, "fire", atMs, payload))))
        .version()).isEqualTo(1);
  }

  private CommandResult apply(io.streamfleet.model.command.Command c) {
    return state.apply(c, index++);
  }

  private static CommandMeta meta(long at) {
    return new CommandMeta(at, "test", "test");
  }
}
