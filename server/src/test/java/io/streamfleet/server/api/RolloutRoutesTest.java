package io.streamfleet.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Handover;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.MoveStreams;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.model.security.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /rollouts}: listing processor rollouts with counts from the state, and an operator's actions on them. */
class RolloutRoutesTest {
  /** A real change of {@code motion} (its resources), rolled out one stream at a time after a canary of one. */
  private static final String MOTION_V2 = """
      {"driver": "builtin", "builtin": "motion", "resources": {"cpu_millis": 300, "memory_mb": 128},
       "update": {"max_parallel": 1, "canary": 1, "min_healthy_time_ms": 10000, "auto_revert": false, "max_failures": 2}}""";

  private final RoutesFixture api = RoutesFixture.startNodesAndRollouts();

  @BeforeEach
  void twoStreamsRunMotionVersion1() {
    for (int i = 1; i <= 2; i++) {
      api.submit(new RegisterNode(meta(), "n" + i, 1, null, null, "desktop", Resources.of(4_000, 8_192)));
      assertThat(api.post("/api/v1/streams", "{\"id\": \"cam-" + i + "\", \"url\": \"synthetic://cam-" + i + "\", \"processor\": \"motion\"}")
          .status()).isEqualTo(201);
      api.submit(new PlaceStreams(meta(), List.of(new PlaceStreams.Placement("cam-" + i, 0, "n" + i)), Map.of()));
      api.submit(new ReportStatus(meta(), "cam-" + i, "n" + i, 1, AssignmentState.RUNNING, null, 0));
    }
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aProcessorWithoutARolloutIs404SayingHowOneStarts() {
    RoutesFixture.Response none = api.get("/api/v1/rollouts/motion");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json().path("error").path("message").asText()).contains("has no rollout").contains("PUT /api/v1/processors/motion");
    assertThat(api.get("/api/v1/rollouts/nope").json().path("error").path("message").asText()).isEqualTo("processor 'nope' does not exist");
    assertThat(api.post("/api/v1/rollouts/motion/pause", null).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/rollouts").json()).isEmpty();
  }

  @Test
  void aNewVersionStartsARolloutThatTheWriteResultAndTheListShow() {
    RoutesFixture.Response put = api.put("/api/v1/processors/motion", MOTION_V2);

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().path("version").asLong()).isEqualTo(2);
    JsonNode started = put.json().path("rollout");
    assertThat(started.path("status").asText()).isEqualTo("running");
    assertThat(started.path("from_version").asLong()).isEqualTo(1);
    assertThat(started.path("streams").asInt()).isEqualTo(2);
    assertThat(started.path("updated").asInt()).isZero();
    assertThat(started.path("policy").path("canary").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/processors/motion").json().path("update").path("max_parallel").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/processors").json().findValues("update")).hasSize(1);

    JsonNode list = api.get("/api/v1/rollouts").json();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("processor").asText()).isEqualTo("motion");
    assertThat(list.get(0).path("version").asLong()).isEqualTo(2);
    assertThat(api.get("/api/v1/rollouts?processor=motion").json()).hasSize(1);
    assertThat(api.get("/api/v1/rollouts?processor=other").json()).isEmpty();
  }

  @Test
  void theCountsFollowAStreamFromInFlightToUpdatedToHealthy() {
    api.put("/api/v1/processors/motion", MOTION_V2);
    api.submit(new MoveStreams(meta(), List.of(new MoveStreams.Move("cam-1", 1, "n1", 2, Handover.ROLLOUT, api.clock.millis() + 60_000))));

    JsonNode moving = api.get("/api/v1/rollouts/motion").json();
    assertThat(moving.path("in_flight").asInt()).isEqualTo(1);
    assertThat(moving.path("updated").asInt()).isZero();
    assertThat(api.get("/api/v1/streams/cam-1").json().path("status").path("handover").path("purpose").asText()).isEqualTo("rollout");

    api.submit(new ReportStatus(meta(), "cam-1", "n1", 2, AssignmentState.RUNNING, null, 0)); // the new instance is ready
    JsonNode updated = api.get("/api/v1/rollouts/motion").json();
    assertThat(updated.path("in_flight").asInt()).isZero();
    assertThat(updated.path("updated").asInt()).isEqualTo(1);
    assertThat(updated.path("healthy").asInt()).as("not yet min_healthy_time_ms on it").isZero();
    assertThat(api.get("/api/v1/streams/cam-1").json().path("status").path("version").asLong()).isEqualTo(2);

    api.clock.set(api.clock.millis() + 10_000);
    assertThat(api.get("/api/v1/rollouts/motion").json().path("healthy").asInt()).isEqualTo(1);
  }

  @Test
  void pauseResumePromoteAndRevertChangeTheLatestRolloutAndSayWho() {
    api.put("/api/v1/processors/motion", MOTION_V2);

    JsonNode paused = api.post("/api/v1/rollouts/motion/pause", null).json();
    assertThat(paused.path("status").asText()).isEqualTo("paused");
    assertThat(paused.path("reason").asText()).isEqualTo("paused by dev");
    RoutesFixture.Response again = api.post("/api/v1/rollouts/motion/pause", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("error").path("message").asText()).contains("is paused; pause does not apply");

    assertThat(api.post("/api/v1/rollouts/motion/resume", null).json().path("status").asText()).isEqualTo("running");
    JsonNode promoted = api.post("/api/v1/rollouts/motion/promote", null).json();
    assertThat(promoted.path("promoted").asBoolean()).isTrue();

    JsonNode back = api.post("/api/v1/rollouts/motion/revert", null).json();
    assertThat(back.path("version").asLong()).as("the old spec again, as a new version").isEqualTo(3);
    assertThat(back.path("revert_of").asLong()).isEqualTo(2);
    assertThat(back.path("status").asText()).isEqualTo("running");
    assertThat(api.get("/api/v1/processors/motion").json().path("resources").path("cpu_millis").asInt()).isEqualTo(250);
    JsonNode history = api.get("/api/v1/rollouts?processor=motion").json();
    assertThat(history.findValuesAsText("version")).containsExactly("3", "2");
    assertThat(history.get(1).path("status").asText()).isEqualTo("reverted");
    assertThat(history.get(1).path("reason").asText()).isEqualTo("reverted by dev");
  }

  @Test
  void promotingARolloutWithoutACanaryIsAConflict() {
    api.put("/api/v1/processors/motion", """
        {"driver": "builtin", "builtin": "motion", "resources": {"cpu_millis": 300}}""");

    RoutesFixture.Response r = api.post("/api/v1/rollouts/motion/promote", null);

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().path("error").path("code").asText()).isEqualTo("conflict");
  }

  @Test
  void aBadUpdatePolicyIsA400NamingItsFields() {
    RoutesFixture.Response r = api.put("/api/v1/processors/motion", """
        {"driver": "builtin", "builtin": "motion", "update": {"max_parallel": 0, "ready_deadline_ms": 10}}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("update.max_parallel", "update.ready_deadline_ms");
    assertThat(api.get("/api/v1/processors/motion").json().path("version").asLong()).isEqualTo(1);
  }

  @Test
  void aViewerReadsRolloutsButOnlyAnOperatorChangesThem() {
    api.put("/api/v1/processors/motion", MOTION_V2);
    String viewer = api.token(Role.VIEWER);

    assertThat(api.get("/api/v1/rollouts", viewer).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/rollouts/motion", viewer).status()).isEqualTo(200);
    for (String action : List.of("pause", "resume", "promote", "revert")) {
      RoutesFixture.Response r = api.post("/api/v1/rollouts/motion/" + action, null, viewer);
      assertThat(r.status()).as(action).isEqualTo(403);
      assertThat(r.json().path("error").path("message").asText()).contains("needs role operator");
    }
    RoutesFixture.Response byOperator = api.post("/api/v1/rollouts/motion/pause", null, api.token(Role.OPERATOR));
    assertThat(byOperator.status()).isEqualTo(200);
    assertThat(byOperator.json().path("reason").asText()).startsWith("paused by token:");
  }

  private CommandMeta meta() {
    return new CommandMeta(api.clock.millis(), "test", "test");
  }
}
