package io.streamfleet.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Handover;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.AbortHandovers;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.DrainNode;
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

/** {@code POST /nodes/{id}/drain} and what nodes and streams show of drains and moves. */
class NodeDrainRoutesTest {
  private final RoutesFixture api = RoutesFixture.startNodesAndRollouts();

  @BeforeEach
  void twoNodesAndAStreamOnTheFirst() {
    api.submit(new RegisterNode(meta(), "n1", 1, null, null, "desktop", Resources.of(4_000, 8_192)));
    api.submit(new RegisterNode(meta(), "n2", 1, null, null, "desktop", Resources.of(4_000, 8_192)));
    api.submit(new RegisterNode(meta(), "empty", 1, null, null, "desktop", Resources.of(4_000, 8_192)));
    assertThat(api.post("/api/v1/streams", """
        {"id": "cam-1", "url": "synthetic://cam-1", "processor": "motion"}""").status()).isEqualTo(201);
    api.submit(new PlaceStreams(meta(), List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()));
    api.submit(new ReportStatus(meta(), "cam-1", "n1", 1, AssignmentState.RUNNING, null, 0));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aDrainedNodeIsDrainingWithItsPaceAndDeadlineUntilItsStreamsLeave() {
    RoutesFixture.Response r = api.post("/api/v1/nodes/n1/drain", """
        {"max_parallel": 3, "deadline_s": 120}""");

    assertThat(r.status()).isEqualTo(200);
    JsonNode node = r.json();
    assertThat(node.path("state").asText()).isEqualTo("draining");
    assertThat(node.path("state_reason").asText()).contains("1 stream(s) left").contains("at most 3");
    assertThat(node.path("drain").path("max_parallel").asInt()).isEqualTo(3);
    assertThat(node.path("drain").path("started_ms").asLong()).isEqualTo(RoutesFixture.START_MS);
    assertThat(node.path("drain").path("deadline_ms").asLong()).isEqualTo(RoutesFixture.START_MS + 120_000);
    assertThat(node.path("drain").path("drained_ms").asLong()).isZero();
    assertThat(api.get("/api/v1/nodes").json().findValuesAsText("state")).containsExactly("ready", "draining", "ready");
  }

  @Test
  void aNodeWithNothingOnItIsDrainedAtOnceWithTheDefaultsAndUncordonEndsTheDrain() {
    JsonNode drained = api.post("/api/v1/nodes/empty/drain", null).json();

    assertThat(drained.path("state").asText()).isEqualTo("drained");
    assertThat(drained.path("state_reason").asText()).contains("uncordon");
    assertThat(drained.path("drain").path("max_parallel").asInt()).isEqualTo(2);
    assertThat(drained.path("drain").path("deadline_ms").asLong()).isEqualTo(RoutesFixture.START_MS + 600_000);
    assertThat(drained.path("drain").path("drained_ms").asLong()).isEqualTo(RoutesFixture.START_MS);

    JsonNode uncordoned = api.post("/api/v1/nodes/empty/uncordon", null).json();
    assertThat(uncordoned.path("state").asText()).isEqualTo("ready");
    assertThat(uncordoned.has("drain")).isFalse();
  }

  @Test
  void badDrainSettingsAre400sNamingEachFieldAndTheRange() {
    RoutesFixture.Response r = api.post("/api/v1/nodes/n1/drain", """
        {"max_parallel": 0, "deadline_s": 100000}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("deadline_s", "max_parallel");
    assertThat(r.json().path("error").path("message").asText())
        .contains("max_parallel: is 0; use 1 to 1000").contains("deadline_s: is 100000; use 1 to 86400");
    RoutesFixture.Response wrongType = api.post("/api/v1/nodes/n1/drain", """
        {"max_parallel": "two"}""");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().path("error").path("message").asText()).contains("max_parallel");
    RoutesFixture.Response unknown = api.post("/api/v1/nodes/n1/drain", """
        {"parallel": 2}""");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("error").path("message").asText()).contains("unknown field 'parallel'").contains("max_parallel");
    assertThat(api.get("/api/v1/nodes/n1").json().path("state").asText()).as("nothing was drained").isEqualTo("ready");
  }

  @Test
  void drainingAnUnknownNodeIs404() {
    RoutesFixture.Response r = api.post("/api/v1/nodes/n9/drain", null);

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("error").path("message").asText()).isEqualTo("node 'n9' does not exist");
  }

  @Test
  void aDrainPastItsDeadlineShowsTheStuckStreamsAndWhy() {
    api.post("/api/v1/nodes/n1/drain", "{\"deadline_s\": 1}");
    String stuck = "not drained by the deadline; still on n1: cam-1 (no node has room for 500 cpu_millis)";
    api.submit(new DrainNode(meta(), "n1", 0, RoutesFixture.START_MS + 1_000, stuck)); // as the leader reports it

    JsonNode node = api.get("/api/v1/nodes/n1").json();
    assertThat(node.path("state").asText()).isEqualTo("draining");
    assertThat(node.path("state_reason").asText()).isEqualTo(stuck);
    assertThat(node.path("drain").path("stuck").asText()).isEqualTo(stuck);
  }

  @Test
  void aStreamShowsItsProcessorVersionItsMoveInFlightAndItsLastFailedMove() {
    JsonNode before = api.get("/api/v1/streams/cam-1").json().path("status");
    assertThat(before.path("version").asLong()).isEqualTo(1);
    assertThat(before.has("handover")).isFalse();

    api.submit(new MoveStreams(meta(), List.of(new MoveStreams.Move("cam-1", 1, "n2", 0, Handover.DRAIN, RoutesFixture.START_MS + 60_000))));
    JsonNode moving = api.get("/api/v1/streams/cam-1").json().path("status");
    assertThat(moving.path("node").asText()).isEqualTo("n1");
    assertThat(moving.path("handover").path("to_node").asText()).isEqualTo("n2");
    assertThat(moving.path("handover").path("epoch").asLong()).isEqualTo(2);
    assertThat(moving.path("handover").path("version").asLong()).isEqualTo(1);
    assertThat(moving.path("handover").path("purpose").asText()).isEqualTo("drain");
    assertThat(moving.path("handover").path("state").asText()).isEqualTo("starting");
    assertThat(moving.path("handover").path("deadline_ms").asLong()).isEqualTo(RoutesFixture.START_MS + 60_000);

    api.submit(new AbortHandovers(meta(), List.of(new AbortHandovers.Abort("cam-1", 2, "the new instance on n2 was not ready within 60 s",
        RoutesFixture.START_MS + 90_000))));
    JsonNode given = api.get("/api/v1/streams/cam-1").json().path("status");
    assertThat(given.has("handover")).isFalse();
    assertThat(given.path("last_failed_move").path("to_node").asText()).isEqualTo("n2");
    assertThat(given.path("last_failed_move").path("reason").asText()).contains("not ready within 60 s");
    assertThat(given.path("last_failed_move").path("retry_after_ms").asLong()).isEqualTo(RoutesFixture.START_MS + 90_000);
  }

  @Test
  void aViewerCannotDrainAnOperatorCan() {
    RoutesFixture.Response byViewer = api.post("/api/v1/nodes/n1/drain", null, api.token(Role.VIEWER));
    assertThat(byViewer.status()).isEqualTo(403);
    assertThat(byViewer.json().path("error").path("message").asText()).contains("needs role operator");

    assertThat(api.post("/api/v1/nodes/n1/drain", null, api.token(Role.OPERATOR)).status()).isEqualTo(200);
  }

  private CommandMeta meta() {
    return new CommandMeta(api.clock.millis(), "test", "test");
  }
}
