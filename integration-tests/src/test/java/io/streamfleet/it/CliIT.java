package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real server: noun-verb commands, tables, -o json, and exit codes 0/1/2. */
@Tag("integration")
class CliIT {
  @TempDir static Path tmp;
  static ServerProcess server;
  static CliRunner cli;

  @BeforeAll
  static void startServer() {
    server = new ServerProcess(tmp.resolve("data")).start();
    cli = new CliRunner(server);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void rulesEventsAndWebhooksThroughTheCli() throws Exception {
    CliRunner.Result add = cli.run("rule", "add", "pump-north", "--zone", "north", "--kind", "fire", "--min-confidence", "0.7",
        "--cameras", "2", "--nodes", "2", "--window", "30", "--action-topic", "gpio/pump/pump-01", "--action-payload", "ON",
        "--stop-payload", "OFF", "--max-action", "600");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(add.out()).contains("rule pump-north saved: 2 cameras on 2 nodes in zone north report fire >= 0.7 within 30 s -> gpio/pump/pump-01");
    assertThat(cli.run("rule", "ls").out()).contains("pump-north").contains("waiting");
    assertThat(cli.run("rule", "test", "pump-north").out()).contains("would not fire: not enough votes");
    JsonNode shown = Json.mapper().readTree(cli.run("rule", "show", "pump-north", "-o", "json").out());
    assertThat(shown.path("rule").path("window_ms").asLong()).isEqualTo(30_000);
    assertThat(shown.path("status").path("state").asText()).isEqualTo("waiting");

    CliRunner.Result bad = cli.run("rule", "add", "half", "--zone", "north");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("event_kind").contains("action_topic");
    assertThat(cli.run("rule", "rm", "pump-north").exitCode()).isZero();
    assertThat(cli.run("rule", "show", "pump-north").exitCode()).isEqualTo(1);

    JsonNode page = Json.mapper().readTree(cli.run("events", "--since", "0", "-o", "json").out());
    assertThat(page.has("events")).isTrue();
    assertThat(page.path("last_id").asLong()).isGreaterThanOrEqualTo(0);
    CliRunner.Result badType = cli.run("events", "--type", "bogus");
    assertThat(badType.exitCode()).isEqualTo(1);
    assertThat(badType.err()).contains("type").contains("processor");

    CliRunner.Result hook = cli.run("webhook", "add", "pager", "--url", "http://127.0.0.1:9/hook", "--type", "rule,node");
    assertThat(hook.exitCode()).as(hook.err()).isZero();
    assertThat(hook.out()).contains("webhook pager -> http://127.0.0.1:9/hook").containsPattern("secret whsec_[0-9a-f]{48}");
    assertThat(cli.run("webhook", "ls").out()).contains("pager").contains("type=node,rule");
    assertThat(cli.run("webhook", "ls", "-o", "json").out()).contains("\"secret\" : \"****\"");
    assertThat(cli.run("webhook", "rm", "pager").exitCode()).isZero();
  }

  @Test
  void streamLifecycleThroughTheCli() throws Exception {
    CliRunner.Result add = cli.run("stream", "add", "gate-1", "--url", "synthetic://gate-1?fps=10&width=640&height=360",
        "--zone", "north", "--cpu-millis", "400", "--label", "site=ranch", "--priority", "80", "--spread-group", "gate");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(add.out()).contains("stream gate-1 added").contains("pending");

    CliRunner.Result ls = cli.run("stream", "ls");
    assertThat(ls.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("STATE").contains("NODE");
    assertThat(ls.out()).contains("gate-1").contains("pending");

    JsonNode json = Json.mapper().readTree(cli.run("stream", "show", "gate-1", "-o", "json").out());
    assertThat(json.path("zone").asText()).isEqualTo("north");
    assertThat(json.path("resources").path("cpu_millis").asInt()).isEqualTo(400);
    assertThat(json.path("labels").path("site").asText()).isEqualTo("ranch");
    assertThat(json.path("status").path("state").asText()).isEqualTo("pending");

    assertThat(cli.run("stream", "show", "gate-1").out()).contains("priority:   80").contains("spread group: gate");
    assertThat(cli.run("stream", "rm", "gate-1").exitCode()).isZero();
    CliRunner.Result gone = cli.run("stream", "show", "gate-1");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("'gate-1' does not exist");
  }

  @Test
  void streamFromJsonFile() throws Exception {
    Path f = tmp.resolve("cam.json");
    Files.writeString(f, "{\"id\":\"from-file\",\"url\":\"rtsp://10.0.0.5/live\",\"processor\":\"motion\",\"handover\":\"exclusive\"}");
    assertThat(cli.run("stream", "add", "-f", f.toString()).exitCode()).isZero();
    assertThat(Json.mapper().readTree(cli.run("stream", "show", "from-file", "-o", "json").out()).path("handover").asText()).isEqualTo("exclusive");
  }

  @Test
  void processorSetVersionsAndLists() {
    CliRunner.Result set = cli.run("processor", "set", "recorder", "--exec", "ffmpeg -i {stream.url} -c copy '{data.dir}/{stream.id} out.mkv'", "--cpu-millis", "300");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out()).contains("recorder is at version 1");
    assertThat(cli.run("processor", "set", "recorder", "--exec", "ffmpeg -i {stream.url} -c copy '{data.dir}/{stream.id} out.mkv'", "--cpu-millis", "300").out())
        .contains("version 1 (unchanged)");
    assertThat(cli.run("processor", "set", "recorder", "--exec", "ffmpeg -re -i {stream.url}").out()).contains("version 2");
    CliRunner.Result ls = cli.run("processor", "ls");
    assertThat(ls.out()).contains("motion").contains("builtin").contains("recorder").contains("exec");
    CliRunner.Result bad = cli.run("processor", "set", "broken", "--exec", "ffmpeg {nope}");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("unknown placeholder {nope}");
  }

  @Test
  void theShippedProcessorSpecsAreAccepted() throws Exception {
    try (var files = Files.list(Path.of("..", "deploy", "processors"))) {
      List<Path> specs = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(specs).isNotEmpty();
      for (Path spec : specs) {
        String name = spec.getFileName().toString().replace(".json", "");
        CliRunner.Result r = cli.run("processor", "set", name, "-f", spec.toString());
        assertThat(r.exitCode()).as(spec + ": " + r.err()).isZero();
      }
    }
  }

  @Test
  void clusterStatusAndNodes() throws Exception {
    CliRunner.Result status = cli.run("cluster", "status");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("leader:   s1").contains("SERVER").contains("127.0.0.1:" + server.raftPort);
    assertThat(Json.mapper().readTree(cli.run("cluster", "status", "-o", "json").out()).path("leader").asText()).isEqualTo("s1");
    assertThat(cli.run("node", "ls").out()).contains("No nodes have registered yet");
    assertThat(Json.mapper().readTree(cli.run("node", "ls", "-o", "json").out()).isArray()).isTrue();
    assertThat(cli.run("node", "show", "ghost").exitCode()).isEqualTo(1);
  }

  @Test
  void drainAndRolloutCommandsReachTheirRoutes() throws Exception {
    assertThat(cli.run("processor", "set", "unrolled", "--builtin", "motion").exitCode()).isZero();
    CliRunner.Result none = cli.run("rollout", "status", "unrolled");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.out()).startsWith("No rollouts of unrolled.");
    assertThat(Json.mapper().readTree(cli.run("rollout", "status", "-o", "json").out()).isArray()).isTrue();
    CliRunner.Result pause = cli.run("rollout", "pause", "unrolled");
    assertThat(pause.exitCode()).isEqualTo(1);
    assertThat(pause.err()).contains("processor 'unrolled' has no rollout");
    assertThat(cli.run("rollout", "revert", "ghost").err()).contains("processor 'ghost' does not exist");

    CliRunner.Result drain = cli.run("node", "drain", "ghost", "--max-parallel", "3", "--deadline", "5m");
    assertThat(drain.exitCode()).isEqualTo(1);
    assertThat(drain.err()).contains("node 'ghost' does not exist");
    CliRunner.Result bad = cli.run("node", "drain", "ghost", "--max-parallel", "0");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("max_parallel: is 0; use 1 to 1000");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(cli.run("stream", "add", "x").exitCode()).isEqualTo(2);
    assertThat(cli.run("stream", "ls", "--bogus").exitCode()).isEqualTo(2);
    assertThat(CliRunner.runRaw("frobnicate").exitCode()).isEqualTo(2);
    assertThat(cli.run("stream", "ls", "-o", "yaml").exitCode()).isEqualTo(2);
  }

  @Test
  void unreachableServerExitsWithOneAndSaysSo() {
    CliRunner.Result r = CliRunner.runRaw("stream", "ls", "--server", "http://127.0.0.1:" + ServerProcess.freePort());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("cannot reach a Streamfleet server").contains("STREAMFLEET_ADDR");
  }

  @Test
  void cliReadsItsConnectionFromTheConfigFile() throws Exception {
    Path config = tmp.resolve("cli-config");
    Files.writeString(config, "server=" + server.uri() + "\ntoken=" + server.adminToken() + "\nca_cert=" + server.caCert() + "\n");
    List<String> cmd = new ArrayList<>(ServerProcess.javaCommand());
    cmd.addAll(List.of("node", "ls", "-o", "json"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("STREAMFLEET_ADDR");
    pb.environment().remove("STREAMFLEET_TOKEN");
    pb.environment().put("STREAMFLEET_CONFIG", config.toString());
    Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(Json.mapper().readTree(out).isArray()).isTrue();
  }

  @Test
  void cliAsASeparateProcessReadsStreamfleetAddr() throws Exception {
    List<String> cmd = new ArrayList<>(ServerProcess.javaCommand());
    cmd.addAll(List.of("stream", "ls", "-o", "json"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("STREAMFLEET_ADDR", server.uri().toString());
    pb.environment().put("STREAMFLEET_TOKEN", server.adminToken());
    pb.environment().put("STREAMFLEET_CA_CERT", server.caCert().toString());
    Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Json.mapper().readTree(out).isArray()).isTrue();
  }
}
