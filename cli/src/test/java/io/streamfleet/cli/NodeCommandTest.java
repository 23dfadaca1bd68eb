package io.streamfleet.cli;

import static io.streamfleet.cli.NodeViewBuilder.aNode;
import static io.streamfleet.cli.NodeViewBuilder.draining;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.NodeState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code streamfleet node drain|ls|show} against a stub server: what is sent, what is printed, and the exit code. */
class NodeCommandTest {
  private static final String STUCK = "not drained by the deadline; still on n1: cam-3 (no node has room for 2000 cpu_millis)";
  @RegisterExtension final StubApi api = StubApi.started();

  @Test
  void drainSendsThePaceAndDeadlineAndSaysHowToFollowIt() throws Exception {
    api.on("POST /api/v1/nodes/n1/drain", 200, Wire.json(aNode("n1").state(NodeState.DRAINING).streams(3).drain(draining()).build()));

    StubApi.Run run = api.run("node", "drain", "n1", "--max-parallel", "4", "--deadline", "15m");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode sent = Json.mapper().readTree(api.last("POST", "/api/v1/nodes/n1/drain").body());
    assertThat(sent.path("max_parallel").asInt()).isEqualTo(4);
    assertThat(sent.path("deadline_s").asLong()).isEqualTo(900);
    assertThat(run.out()).isEqualTo("node n1 is draining: 3 stream(s) move away, at most 2 at a time, within 15m;"
        + " follow it with: streamfleet node show n1\n");
  }

  @Test
  void drainWithoutFlagsLeavesTheDefaultsToTheServer() throws Exception {
    api.on("POST /api/v1/nodes/n1/drain", 200, Wire.json(aNode("n1").state(NodeState.DRAINING).streams(1).drain(draining()).build()));

    assertThat(api.run("node", "drain", "n1").exitCode()).isZero();

    assertThat(Json.mapper().readTree(api.last("POST", "/api/v1/nodes/n1/drain").body())).isEmpty();
  }

  @Test
  void drainWaitReturnsZeroOnceTheNodeIsDrained() throws Exception {
    api.on("POST /api/v1/nodes/n1/drain", 200, Wire.json(aNode("n1").state(NodeState.DRAINING).streams(1).drain(draining()).build()));
    api.on("GET /api/v1/nodes/n1", 200, Wire.json(aNode("n1").state(NodeState.DRAINED).drain(draining().finished(NodeViewBuilder.T0 + 9_000)).build()));

    StubApi.Run run = api.run("node", "drain", "n1", "--wait");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("node n1 is drained: nothing runs there; stop its agent for maintenance, then: streamfleet node uncordon n1\n");
  }

  @Test
  void drainWaitExitsOneWithTheStuckStreamsWhenTheDeadlinePasses() throws Exception {
    api.on("POST /api/v1/nodes/n1/drain", 200, Wire.json(aNode("n1").state(NodeState.DRAINING).streams(1).drain(draining()).build()));
    api.on("GET /api/v1/nodes/n1", 200, Wire.json(aNode("n1").state(NodeState.DRAINING).streams(1).drain(draining().withStuck(STUCK)).build()));

    StubApi.Run run = api.run("node", "drain", "n1", "--wait", "--deadline", "30s");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: node n1 is " + STUCK + "; the drain goes on");
  }

  @Test
  void badDrainFlagsExitTwoWithoutCallingTheServer() {
    StubApi.Run badDeadline = api.run("node", "drain", "n1", "--deadline", "soon");
    assertThat(badDeadline.exitCode()).isEqualTo(2);
    assertThat(badDeadline.err()).contains("--deadline 'soon' is not a duration; use e.g. 90s, 30m, 12h or 7d");
    StubApi.Run timeoutAlone = api.run("node", "drain", "n1", "--timeout", "5m");
    assertThat(timeoutAlone.exitCode()).isEqualTo(2);
    assertThat(timeoutAlone.err()).contains("--timeout only applies with --wait");
    assertThat(api.run("node", "drain", "n1", "--max-parallel", "many").exitCode()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void theServersRefusalOfADrainIsPrintedWithItsFields() {
    api.on("POST /api/v1/nodes/n1/drain", 400, "{\"error\":{\"code\":\"invalid\",\"message\":\"max_parallel: is 0; use 1 to 1000\","
        + "\"details\":[{\"field\":\"max_parallel\",\"message\":\"is 0; use 1 to 1000\"}]}}");

    StubApi.Run run = api.run("node", "drain", "n1", "--max-parallel", "0");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: max_parallel: is 0; use 1 to 1000\n  max_parallel: is 0; use 1 to 1000\n");
  }

  @Test
  void lsShowsDrainingAndDrainedNodesAndWhatHoldsAStuckDrain() throws Exception {
    api.on("GET /api/v1/nodes", 200, Wire.json(List.of(
        aNode("n1").state(NodeState.DRAINING).streams(1).drain(draining().withStuck(STUCK)).build(),
        aNode("n2").state(NodeState.DRAINED).drain(draining().finished(NodeViewBuilder.T0 + 1_000)).build(),
        aNode("n3").streams(4).build())));

    StubApi.Run run = api.run("node", "ls");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("n1 +agent +draining").containsPattern("n2 +agent +drained").containsPattern("n3 +agent +ready");
    assertThat(run.out()).endsWith("node n1 is " + STUCK + "\n");
  }

  @Test
  void showPrintsTheDrainAndWhatHoldsIt() throws Exception {
    api.on("GET /api/v1/nodes/n1", 200, Wire.json(aNode("n1").state(NodeState.DRAINING).reason(STUCK).streams(1)
        .drain(draining().withStuck(STUCK)).build()));
    api.on("GET /api/v1/nodes/n2", 200, Wire.json(aNode("n2").state(NodeState.DOWN).reason("no heartbeat for 1012 ms").streams(1)
        .drain(draining().withStuck(STUCK)).build()));

    StubApi.Run run = api.run("node", "show", "n1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("state:     draining (" + STUCK + ")")
        .contains("drain:     at most 2 stream(s) at a time, started 2025-12-29T09:20:00Z, deadline 2025-12-29T09:30:00Z")
        .doesNotContain("stuck:");
    assertThat(api.run("node", "show", "n2").out()).contains("state:     down (no heartbeat for 1012 ms)").contains("stuck:     " + STUCK);
    assertThat(Json.mapper().readTree(api.run("node", "show", "n1", "-o", "json").out()).path("drain").path("stuck").asText()).isEqualTo(STUCK);
  }
}
