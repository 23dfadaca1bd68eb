package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.Json;
import io.streamfleet.model.StreamRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get the right 4xx with a message naming the problem; the server keeps serving. */
@Tag("integration")
class BadInputIT {
  @TempDir static Path tmp;
  static ServerProcess server;
  static StreamfleetClient client;

  @BeforeAll
  static void startServer() {
    server = new ServerProcess(tmp.resolve("data"), "--max-body-bytes", "65536").start();
    client = server.client();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void serverStillServes() {
    assertThat(client.health().status()).isEqualTo("ok");
    assertThat(client.streams()).isNotNull();
  }

  @Test
  void malformedJsonIs400WithPosition() {
    JsonNode e = error(post("{\"id\": \"cam-1\", \"url\": "), 400);
    assertThat(e.path("code").asText()).isEqualTo("malformed_json");
    assertThat(e.path("message").asText()).contains("not valid JSON").contains("line 1");
  }

  @Test
  void unknownFieldIsNamedWithTheAllowedOnes() {
    JsonNode e = error(post("{\"id\":\"cam-1\",\"url\":\"synthetic://a\",\"processor\":\"motion\",\"fps\":5}"), 400);
    assertThat(e.path("code").asText()).isEqualTo("unknown_field");
    assertThat(e.path("message").asText()).contains("'fps'").contains("allowed fields").contains("spread_group");
  }

  @Test
  void wrongTypeNamesTheField() {
    JsonNode e = error(post("{\"id\":\"cam-1\",\"url\":\"synthetic://a\",\"processor\":\"motion\",\"priority\":\"high\"}"), 400);
    assertThat(e.path("message").asText()).contains("priority").contains("whole number");
  }

  @Test
  void invalidIdAndUrlAreBothReportedWithFixes() {
    JsonNode e = error(post("{\"id\":\"Cam 1\",\"url\":\"ftp://host/x\",\"processor\":\"motion\"}"), 400);
    assertThat(e.path("code").asText()).isEqualTo("invalid");
    assertThat(e.path("details")).hasSize(2);
    assertThat(e.path("details").get(0).path("field").asText()).isEqualTo("id");
    assertThat(e.path("details").get(1).path("message").asText()).contains("ftp").contains("rtsp");
  }

  @Test
  void unknownProcessorIs400NamingIt() {
    JsonNode e = error(post("{\"id\":\"cam-9\",\"url\":\"synthetic://a\",\"processor\":\"yolo\"}"), 400);
    assertThat(e.path("message").asText()).contains("unknown processor 'yolo'");
  }

  @Test
  void oversizedBodyIs413() {
    String big = "{\"id\":\"cam-1\",\"url\":\"synthetic://a\",\"processor\":\"motion\",\"labels\":{\"x\":\"" + "a".repeat(70_000) + "\"}}";
    JsonNode e = error(post(big), 413);
    assertThat(e.path("code").asText()).isEqualTo("body_too_large");
    assertThat(e.path("message").asText()).contains("65536");
  }

  @Test
  void emptyBodyIs400() {
    assertThat(error(post(""), 400).path("code").asText()).isEqualTo("empty_body");
  }

  @Test
  void duplicateCreateIs409AndKeepsTheOriginal() {
    client.createStream(new StreamRequest("dup", "synthetic://dup", "motion", null, null, null, null, null, null, null));
    assertThatThrownBy(() -> client.createStream(new StreamRequest("dup", "rtsp://other/x", "motion", null, null, null, null, null, null, null)))
        .isInstanceOfSatisfying(ApiCallException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.getMessage()).contains("already exists");
        });
    assertThat(client.stream("dup").url()).isEqualTo("synthetic://dup");
  }

  @Test
  void deleteOrShowOfUnknownIdIs404() {
    assertThat(error(client.raw("DELETE", "/api/v1/streams/nope", null), 404).path("message").asText()).contains("'nope' does not exist");
    assertThat(error(client.raw("GET", "/api/v1/streams/nope", null), 404).path("code").asText()).isEqualTo("not_found");
    assertThat(error(client.raw("GET", "/api/v1/nodes/nope", null), 404).path("code").asText()).isEqualTo("not_found");
    assertThat(error(client.raw("DELETE", "/api/v1/processors/nope", null), 404).path("code").asText()).isEqualTo("not_found");
  }

  @Test
  void unknownEndpointAndMethodAreJsonErrors() {
    assertThat(error(client.raw("GET", "/api/v1/nothing-here", null), 404).path("code").asText()).isEqualTo("not_found");
    assertThat(error(client.raw("PATCH", "/api/v1/streams", null), 405).path("code").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void invalidProcessorSpecsAreRejected() {
    JsonNode e = error(client.raw("PUT", "/api/v1/processors/rec", "{\"driver\":\"exec\",\"command\":[\"ffmpeg\",\"{stream.uri}\"]}".getBytes(StandardCharsets.UTF_8)), 400);
    assertThat(e.path("message").asText()).contains("unknown placeholder {stream.uri}");
    JsonNode inUse = error(client.raw("DELETE", "/api/v1/processors/motion", null), 409);
    assertThat(inUse.path("code").asText()).isEqualTo("conflict");
  }

  private static HttpResponse<String> post(String body) {
    return client.raw("POST", "/api/v1/streams", body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode error(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    try {
      JsonNode root = Json.mapper().readTree(r.body());
      assertThat(root.fieldNames()).toIterable().containsExactly("error");
      return root.get("error");
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }
}
