package io.streamfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.UpdatePolicy;
import io.streamfleet.model.api.RolloutView;
import io.streamfleet.model.rollout.RolloutStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code streamfleet rollout status|pause|resume|promote|revert} against a stub server. */
class RolloutCommandTest {
  @RegisterExtension final StubApi api = StubApi.started();

  private static RolloutView rollout(String processor, long version, RolloutStatus status, String reason, int updated, int streams,
      int inFlight, long revertOf) {
    return new RolloutView(processor, version, version - 1, status, reason, 1_000, 0, new UpdatePolicy(2, 10_000, 1, true, 1, 60_000), 0,
        false, revertOf, streams, updated, inFlight, updated);
  }

  @Test
  void statusListsEveryRolloutWithItsProgress() throws Exception {
    api.on("GET /api/v1/rollouts", 200, Wire.json(List.of(
        rollout("motion", 3, RolloutStatus.AWAITING_PROMOTION, "canary: 1 stream(s) healthy on version 3; promote to go on, or revert", 1, 6, 0, 0),
        rollout("recorder", 2, RolloutStatus.SUCCEEDED, "every stream runs version 2 (4 updated)", 4, 4, 0, 0))));

    StubApi.Run run = api.run("rollout", "status");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).matches("PROCESSOR +VERSION +FROM +STATUS +UPDATED/STREAMS +IN-FLIGHT +FAILURES +REASON");
    assertThat(lines.get(1)).matches("motion +3 +2 +awaiting_promotion +1/6 +0 +0/1 +canary: 1 stream\\(s\\) healthy.*");
    assertThat(lines.get(2)).matches("recorder +2 +1 +succeeded +4/4 +0 +0/1 +every stream runs version 2 \\(4 updated\\)");
  }

  @Test
  void statusOfOneProcessorAsksForItsRolloutsOnly() throws Exception {
    api.on("GET /api/v1/rollouts", 200, "[]");

    StubApi.Run run = api.run("rollout", "status", "motion");

    assertThat(run.exitCode()).isZero();
    assertThat(api.last("GET", "/api/v1/rollouts").query()).isEqualTo("processor=motion");
    assertThat(run.out()).startsWith("No rollouts of motion.");
  }

  @Test
  void statusAsJsonPrintsTheRolloutViews() throws Exception {
    api.on("GET /api/v1/rollouts", 200, Wire.json(List.of(rollout("motion", 3, RolloutStatus.RUNNING, null, 2, 6, 2, 0))));

    JsonNode printed = Json.mapper().readTree(api.run("rollout", "status", "-o", "json").out());

    assertThat(printed.get(0).path("in_flight").asInt()).isEqualTo(2);
    assertThat(printed.get(0).path("policy").path("max_parallel").asInt()).isEqualTo(2);
  }

  @Test
  void eachActionPostsToTheProcessorsRolloutAndPrintsItAfterwards() throws Exception {
    api.on("POST /api/v1/rollouts/motion/pause", 200, Wire.json(rollout("motion", 3, RolloutStatus.PAUSED, "paused by dev", 2, 6, 1, 0)));
    api.on("POST /api/v1/rollouts/motion/resume", 200, Wire.json(rollout("motion", 3, RolloutStatus.RUNNING, "resumed", 2, 6, 1, 0)));
    api.on("POST /api/v1/rollouts/motion/promote", 200, Wire.json(rollout("motion", 3, RolloutStatus.RUNNING, "promoted", 2, 6, 1, 0)));
    api.on("POST /api/v1/rollouts/motion/revert", 200, Wire.json(rollout("motion", 4, RolloutStatus.RUNNING, "reverting version 3", 0, 6, 0, 3)));

    assertThat(api.run("rollout", "pause", "motion").out())
        .isEqualTo("rollout of motion to version 3 is paused (paused by dev): 2/6 streams updated, 1 in flight, 0 failed\n");
    assertThat(api.run("rollout", "resume", "motion").out()).startsWith("rollout of motion to version 3 is running (resumed)");
    assertThat(api.run("rollout", "promote", "motion").out()).startsWith("rollout of motion to version 3 is running (promoted)");
    assertThat(api.run("rollout", "revert", "motion").out())
        .isEqualTo("rollout of motion to version 4 (reverting version 3) is running: 0/6 streams updated, 0 in flight, 0 failed\n");
    assertThat(api.requests()).extracting(StubApi.Request::path).containsExactly("/api/v1/rollouts/motion/pause",
        "/api/v1/rollouts/motion/resume", "/api/v1/rollouts/motion/promote", "/api/v1/rollouts/motion/revert");
  }

  @Test
  void anActionThatDoesNotApplyExitsOneWithTheServersReason() {
    api.on("POST /api/v1/rollouts/motion/promote", 409, "{\"error\":{\"code\":\"conflict\",\"message\":"
        + "\"the rollout of 'motion' to version 3 is succeeded; promote does not apply\"}}");

    StubApi.Run run = api.run("rollout", "promote", "motion");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: the rollout of 'motion' to version 3 is succeeded; promote does not apply\n");
  }

  @Test
  void anActionNeedsAProcessor() {
    StubApi.Run run = api.run("rollout", "pause");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }
}
