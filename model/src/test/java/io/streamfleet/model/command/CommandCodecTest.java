package io.streamfleet.model.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.DriverKind;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Json;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Readiness;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandCodecTest {
  private static final CommandMeta META = new CommandMeta(1_764_000_000_123L, "alice", "10.0.0.5");

  /** One or more commands of every type, with every optional field set in at least one. */
  static List<Command> everyKindOfCommand() {
    StreamSpec full = new StreamSpec("cam-1", "rtsp://camera-1.local/stream", "yolo-hailo", "zone-a",
        new Resources(2000, 1024, 1, "hailo"), new TreeMap<>(Map.of("site", "north", "app.example.com/tier", "gold")),
        80, HandoverPolicy.EXCLUSIVE, "lobby", new TreeMap<>(Map.of("threshold", "0.4")), new java.util.TreeSet<>(List.of("east", "*")),
        new TreeMap<>(Map.of("gpu", "nvidia")));
    StreamSpec minimal = new StreamSpec("cam-2", "synthetic://cam-2?fps=5", "motion", null,
        Resources.STREAM_DEFAULT, null, 50, HandoverPolicy.OVERLAP, null, null);
    ProcessorSpec exec = new ProcessorSpec("yolo-hailo", 3, DriverKind.EXEC, null,
        List.of("python3", "detect.py", "--url={stream.url}", "--out={{json}}"), new TreeMap<>(Map.of("model", "yolo.onnx")),
        "/opt/yolo", new Readiness("stdout", "model loaded in \\d+ ms", null), new Resources(2000, 1024, 1, "hailo"),
        "YOLO on a Hailo-8");
    ProcessorSpec delayed = new ProcessorSpec("slow-start", 0, DriverKind.EXEC, null, List.of("slow"), null, null,
        new Readiness("delay", null, 5000L), Resources.of(100, 64), null);
    ProcessorSpec builtin = new ProcessorSpec("motion", 1, DriverKind.BUILTIN, "motion", null, null, null,
        Readiness.FIRST_FRAME, Resources.of(250, 128), "Frame-difference motion detection (builtin)");
    return List.of(
        new CreateStream(META, full),
        new CreateStream(META, minimal),
        new UpdateStream(META, full),
        new DeleteStream(META, "cam-1"),
        new PutProcessor(META, exec),
        new PutProcessor(META, delayed),
        new PutProcessor(META, builtin),
        new DeleteProcessor(META, "yolo-hailo"),
        new RegisterNode(META, "edge-1", 1795516000123L, "north", new TreeMap<>(Map.of("gpu", "none")), "desktop",
            new Resources(3750, 7936, 0, "hailo")),
        new RegisterNode(META, "edge-2", 7L, null, null, "server", Resources.of(1000, 1000), "flapping"),
        new NodeDown(META, "edge-1", 1795516000123L, "agent session closed"),
        new NodeDown(META, "edge-1", 1795516000123L, "no heartbeat for 1000 ms", List.of(new NodeDown.Placement("cam-1", "edge-2"))),
        new NodeHealth(META, "edge-1", 7L, io.streamfleet.model.NodeState.SUSPECT, "no heartbeat for 600 ms"),
        new PlaceStreams(META, List.of(), Map.of(), List.of(new PlaceStreams.Eviction("cam-2", 3, "preempted by cam-1")),
            List.of(new PlaceStreams.Move("cam-3", 4, "edge-2"))),
        new ReportStatuses(META, "edge-1", List.of(new ReportStatuses.Item("cam-1", 2, io.streamfleet.model.AssignmentState.FAILED, "exit 1", 3))),
        new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "edge-1")),
            Map.of("cam-2", "needs 2000 cpu_millis; the largest free node edge-1 has 1500")),
        new ReportStatus(META, "cam-1", "edge-1", 1, io.streamfleet.model.AssignmentState.RUNNING, null, 0),
        new AnnounceServer(META, "s2", "10.0.0.2:7070"),
        new CordonNode(META, "edge-1", true),
        new CreateToken(META, new io.streamfleet.model.security.TokenRecord("0123456789ab", io.streamfleet.model.security.Role.AGENT,
            "edge", "ab".repeat(32), 1, 2, 1, "edge-1", "token:x", 0), false),
        new RevokeToken(META, "0123456789ab"),
        new IssueNodeCertificate(META, new io.streamfleet.model.security.NodeCertificate("edge-1", "ff01", 1, 2, "0123456789ab")),
        new RemoveNode(META, "edge-1"),
        new AdmitServer(META, "0123456789ab", "s3"),
        new RegisterNode(META, "edge-2", 7, "z", new java.util.TreeMap<>(), "server", new io.streamfleet.model.Resources(1000, 512, 0, null),
            null, new io.streamfleet.model.ExecPolicy(true, java.util.List.of("/usr/bin/ffmpeg"))),
        new AppendEvents(META, "edge-1", java.util.List.of(new AppendEvents.Item("cam-1", 2, 7, "fire", 1_000,
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("confidence", 0.9)),
            new AppendEvents.Item("cam-1", 2, 8, "motion_end", 1_001, null))),
        new EventsPublished(META, 42),
        new PutRule(META, io.streamfleet.model.rule.RuleSpecParser.parse(new io.streamfleet.model.rule.RuleRequest("fire-north",
            "north", null, "fire", 0.7, 2, 2, 60L, null, null, "gpio/pump/pump-01", "ON", "OFF", null, null))),
        new DeleteRule(META, "fire-north"),
        new FireRule(META, "fire-north", null, 0, 31_000, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("votes", 2)),
        new FireRule(META, "fire-north", "fire-north-1", 1, 61_000, null),
        new EndRuleAction(META, "fire-north", "fire-north-1", "no re-confirmation"),
        new PutWebhook(META, io.streamfleet.model.webhook.WebhookSpecParser.parse(new io.streamfleet.model.webhook.WebhookRequest(
            "alerts", "https://alerts.example.com/hook", "0123456789abcdef0123", java.util.List.of("rule"), null, null, null,
            java.util.List.of("north"), "pump alerts"), null)),
        new DeleteWebhook(META, "alerts"),
        new WebhookDelivered(META, "alerts", 42),
        new SubmitJobs(META, List.of(aJob())),
        new DispatchJobs(META, List.of(new DispatchJobs.Dispatch("j-1", 0, "edge-1"))),
        new ReportJobs(META, "edge-1", List.of(new ReportJobs.Item("j-1", 1, ReportJobs.RUNNING, null, null),
            new ReportJobs.Item("j-1", 1, ReportJobs.EXITED, "exit code 3", new io.streamfleet.model.job.JobResult(3, false, false,
                "exit code 3", 1_000, 2_500, 95.5, 180.0, 1 << 20, 59.9, 2.31, 600, "error: no input", null, 0)))),
        new CancelJob(META, "j-1", "not needed"),
        new RetryJob(META, "j-1"),
        new RequeueJobs(META, List.of(new RequeueJobs.Item("j-1", 2, "worker-1", "lease lapsed"))),
        new PurgeJobs(META, List.of("j-1", "j-2")),
        new PutScenario(META, new io.streamfleet.model.job.Scenario("mine", "a test", new io.streamfleet.model.job.FfmpegSettings(
            "lavfi:testsrc2", 3, "libx264", 640, 360, 25.0, "1M", "veryfast", "discard"), io.streamfleet.model.Resources.of(500, 128), false)),
        new DeleteScenario(META, "mine"),
        new NodeSeen(META, "worker-1"),
        new MoveStreams(META, List.of(new MoveStreams.Move("cam-1", 4, "node-b", 0, "drain", 61_000),
            new MoveStreams.Move("cam-2", 7, "node-a", 3, "rollout", 62_000))),
        new AbortHandovers(META, List.of(new AbortHandovers.Abort("cam-1", 5, "not ready within 60 s", 90_000))),
        new DrainNode(META, "node-a", 2, 600_000, null),
        new DrainNode(META, "node-a", 2, 600_000, "still on node-a: cam-1 (no room)"),
        new SetRollout(META, "motion", 3, io.streamfleet.model.rollout.RolloutAction.PROMOTE, "by admin"),
        new RegisterNode(META, "worker-1", 9, null, new java.util.TreeMap<>(), "server", io.streamfleet.model.Resources.of(16_000, 32_768),
            null, io.streamfleet.model.ExecPolicy.DENIED, "http"),
        new NodeDown(META, "edge-1", 7, "reset", List.of(new NodeDown.Placement("cam-1", "edge-2")),
            List.of(new PlaceStreams.Eviction("job:j-1", 2, "stream cam-1 needs the room on edge-2"))));
  }

  private static io.streamfleet.model.job.JobSpec aJob() {
    io.streamfleet.model.job.Scenario s = io.streamfleet.model.job.Scenarios.builtin().get(0);
    return new io.streamfleet.model.job.JobSpec("j-1", io.streamfleet.model.job.JobSpec.SCENARIO, s.name(), s.settings(), null, null,
        new java.util.TreeMap<>(Map.of("duration", "5")), "auto", 70, s.resources(), "north", new java.util.TreeMap<>(Map.of("gpu", "t4")), 60_000,
        io.streamfleet.model.job.RetryPolicy.DEFAULT, "key-1", "j-0");
  }

  @ParameterizedTest
  @MethodSource("everyKindOfCommand")
  void decodingAnEncodedCommandGivesBackAnEqualCommand(Command command) {
    Command decoded = CommandCodec.decode(CommandCodec.encode(command));

    assertThat(decoded).isEqualTo(command);
  }

  @ParameterizedTest
  @MethodSource("everyKindOfCommand")
  void encodingIsStableSoEveryServerWritesTheSameBytes(Command command) {
    byte[] once = CommandCodec.encode(command);

    assertThat(CommandCodec.encode(CommandCodec.decode(once))).isEqualTo(once);
  }

  @Test
  void theRoundTripSamplesCoverEveryCommandType() {
    assertThat(everyKindOfCommand()).extracting(CommandType::of).containsAll(Arrays.asList(CommandType.values()));
  }

  @ParameterizedTest
  @MethodSource("everyKindOfCommand")
  void anEncodedCommandIsAnEnvelopeOfTagFormatAndBody(Command command) throws Exception {
    JsonNode envelope = Json.mapper().readTree(CommandCodec.encode(command));

    assertThat(envelope.get("type").asText()).isEqualTo(CommandType.of(command).tag());
    assertThat(envelope.get("v").asInt()).isEqualTo(CommandCodec.FORMAT).isEqualTo(1);
    assertThat(envelope.get("body").get("meta").get("at_ms").asLong()).isEqualTo(META.atMs());
    assertThat(envelope.properties()).extracting(Map.Entry::getKey).containsExactly("type", "v", "body");
  }

  @Test
  void decodesACommandWrittenInFormatOne() {
    String json = "{\"type\":\"stream.delete\",\"v\":1,"
        + "\"body\":{\"meta\":{\"at_ms\":5,\"actor\":\"bob\",\"source\":\"leader\"},\"id\":\"cam-9\"}}";

    assertThat(CommandCodec.decode(bytes(json))).isEqualTo(new DeleteStream(new CommandMeta(5, "bob", "leader"), "cam-9"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream.rename", "node.rename", "STREAM.CREATE", ""})
  void refusesAnUnknownTagNamingItAndSuggestingAnUpgrade(String tag) {
    String json = "{\"type\":\"" + tag + "\",\"v\":1,\"body\":{}}";

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(bytes(json)))
        .withMessage("unknown command type '" + tag + "'; written by a newer Streamfleet? Upgrade this server.");
  }

  @Test
  void carriesTheProposersTraceparentBesideTheBodyNotInIt() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    DeleteStream command = new DeleteStream(META, "cam-9");

    byte[] bytes = CommandCodec.encode(command, traceparent);

    CommandCodec.Decoded decoded = CommandCodec.decodeWithTrace(bytes);
    assertThat(decoded.command()).isEqualTo(command);
    assertThat(decoded.traceparent()).isEqualTo(traceparent);
    assertThat(CommandCodec.decodeWithTrace(CommandCodec.encode(command)).traceparent()).isNull();
    assertThat(CommandCodec.encode(command, traceparent)).isEqualTo(bytes); // the trace changes nothing else
    assertThat(new String(CommandCodec.encode(command, null), StandardCharsets.UTF_8)).doesNotContain("trace");
  }

  @Test
  void aBuildThatKnowsNoTraceStillDecodesTheCommandOfAnEnvelopeWithOne() {
    byte[] withTrace = bytes("{\"type\":\"stream.delete\",\"v\":1,\"trace\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
        + "\"body\":{\"meta\":{\"at_ms\":5,\"actor\":\"bob\",\"source\":\"leader\"},\"id\":\"cam-9\"}}");

    assertThat(CommandCodec.decode(withTrace)).isEqualTo(new DeleteStream(new CommandMeta(5, "bob", "leader"), "cam-9"));
  }

  @Test
  void refusesAnEnvelopeWithoutATag() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(bytes("{\"v\":1,\"body\":{}}")))
        .withMessageStartingWith("unknown command type ");
  }

  @Test
  void refusesANewerFormatNamingTheFormatTheTagAndWhatThisBuildReads() {
    byte[] newer = bytes("{\"type\":\"stream.delete\",\"v\":2,\"body\":{\"meta\":{\"at_ms\":5},\"id\":\"cam-9\"}}");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(newer))
        .withMessage("command format 2 of 'stream.delete' is not supported (this build reads 1..1); written by a newer Streamfleet? Upgrade this server.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "\"two\""})
  void refusesAFormatBelowOne(String format) {
    byte[] json = bytes("{\"type\":\"stream.delete\",\"v\":" + format + ",\"body\":{\"id\":\"cam-9\"}}");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(json))
        .withMessageStartingWith("command format ")
        .withMessageContaining(" of 'stream.delete' is not supported (this build reads 1..1)");
  }

  @Test
  void refusesAnEnvelopeWithoutAFormat() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(bytes("{\"type\":\"stream.delete\",\"body\":{\"id\":\"cam-9\"}}")))
        .withMessageContaining("is not supported");
  }

  @Test
  void refusesBytesThatAreNotJson() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(bytes("stream.delete cam-9")))
        .withMessageStartingWith("command is not valid JSON: ");
  }

  @Test
  void refusesABodyWithFieldsTheCommandDoesNotHave() {
    byte[] json = bytes("{\"type\":\"stream.delete\",\"v\":1,\"body\":{\"meta\":{\"at_ms\":5},\"id\":\"cam-9\",\"force\":true}}");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(json))
        .withMessageStartingWith("command 'stream.delete' has an invalid body: ")
        .withMessageContaining("force");
  }

  @Test
  void refusesABodyOfTheWrongShape() {
    byte[] json = bytes("{\"type\":\"stream.create\",\"v\":1,\"body\":{\"spec\":\"cam-9\"}}");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(json))
        .withMessageStartingWith("command 'stream.create' has an invalid body: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"stream.delete\",\"v\":1}",
      "{\"type\":\"stream.delete\",\"v\":1,\"body\":null}"})
  void refusesAnEnvelopeWithoutABody(String json) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(bytes(json)))
        .withMessageContaining("stream.delete");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"stream.delete\",\"v\":1,\"body\":{}}",
      "{\"type\":\"stream.delete\",\"v\":1,\"body\":{\"id\":\"cam-9\"}}",
      "{\"type\":\"stream.create\",\"v\":1,\"body\":{\"meta\":{\"at_ms\":5,\"actor\":\"a\",\"source\":\"s\"}}}"})
  void refusesABodyMissingARequiredField(String json) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandCodec.decode(bytes(json)))
        .withMessageStartingWith("command '");
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
