package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.it.OtlpReceiver.ReceivedSpan;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Json;
import io.streamfleet.model.NodeState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's creation is one trace from the REST request to its first frame, across the server
 * and the agent, exported over OTLP by the real processes; the JSON logs carry its trace id.
 */
@Tag("integration")
class TracingIT {
  private static final List<String> STAGES = List.of("POST /api/v1/streams", "raft.commit", "raft.apply", "placement", "push",
      "agent.start", "first_frame");

  @TempDir Path tmp;

  @Test
  void oneTraceCoversAStreamsCreationToItsFirstFrameAndAFailoverIsATraceOfItsOwn() throws Exception {
    try (OtlpReceiver collector = new OtlpReceiver();
         ServerProcess server = new ServerProcess(tmp.resolve("server"), "--insecure", "--otlp-endpoint", collector.endpoint(),
             "--log-format", "json").start();
         AgentProcess a1 = new AgentProcess(tmp, "edge-1", server, "--otlp-endpoint", collector.endpoint(), "--log-format", "json").start();
         AgentProcess a2 = new AgentProcess(tmp, "edge-2", server, "--otlp-endpoint", collector.endpoint(), "--log-format", "json").start()) {
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.nodes().stream().filter(n -> n.state() == NodeState.READY).count() == 2);

      HttpResponse<String> created = post(server, "cam-1", null);
      assertThat(created.statusCode()).isEqualTo(201);
      String traceId = created.headers().firstValue("traceresponse").orElseThrow().split("-")[1];

      // each process exports on its own, within a second of a span's end
      awaitSpans(collector, () -> names(collector.trace(traceId)).containsAll(STAGES), "complete creation trace");
      List<ReceivedSpan> trace = collector.trace(traceId);
      Map<String, ReceivedSpan> byName = trace.stream().collect(Collectors.toMap(ReceivedSpan::name, Function.identity(), (a, b) -> a));
      assertThat(trace).filteredOn(ReceivedSpan::isRoot).extracting(ReceivedSpan::name).containsExactly("POST /api/v1/streams");
      Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      assertThat(trace).filteredOn(s -> !s.isRoot()).allSatisfy(s -> assertThat(ids).as("%s's parent is in the trace", s.name())
          .contains(s.parentSpanId()));
      // each stage follows the one before it
      for (int i = 1; i < STAGES.size(); i++) {
        String parent = STAGES.get(i).equals("first_frame") ? "push" : STAGES.get(i - 1);
        assertThat(byName.get(STAGES.get(i)).parentSpanId()).as(STAGES.get(i) + " under " + parent).isEqualTo(byName.get(parent).spanId());
      }
      assertThat(byName.get("first_frame").endNanos()).isGreaterThan(byName.get("POST /api/v1/streams").startNanos());
      assertThat(byName.get("raft.apply").service()).isEqualTo("streamfleet-server");
      assertThat(byName.get("first_frame").service()).isEqualTo("streamfleet-agent");
      assertThat(byName.get("first_frame").error()).isFalse();
      String node = byName.get("placement").attributes().get("streamfleet.node");

      // The JSON logs of both processes carry the trace id on the lines of this stream's creation.
      assertThat(traceIdsOf(server.logText(), "POST /api/v1/streams 201")).containsExactly(traceId);
      AgentProcess first = node.equals("edge-1") ? a1 : a2;
      await().atMost(Duration.ofSeconds(10)).until(() -> traceIdsOf(first.logText(), "started cam-1 epoch").contains(traceId));

      // A caller's own trace is continued: its traceparent becomes the request span's parent.
      String callerTrace = "0af7651916cd43dd8448eb211c80319c";
      assertThat(post(server, "cam-2", "00-" + callerTrace + "-b7ad6b7169203331-01").statusCode()).isEqualTo(201);
      awaitSpans(collector, () -> names(collector.trace(callerTrace)).containsAll(List.of("POST /api/v1/streams", "first_frame")),
          "the caller's trace from its request to its first frame");
      assertThat(collector.trace(callerTrace)).filteredOn(s -> s.name().equals("POST /api/v1/streams"))
          .singleElement().extracting(ReceivedSpan::parentSpanId).isEqualTo("b7ad6b7169203331");

      // A failover is a trace of its own: the lost node, each placement elsewhere, each first frame.
      await().atMost(Duration.ofSeconds(30)).until(() -> client.stream("cam-1").status().state() == AssignmentState.RUNNING);
      first.kill();
      awaitSpans(collector, () -> collector.spans().stream().anyMatch(s -> s.name().equals("failover")
          && names(collector.trace(s.traceId())).contains("first_frame")), "a failover trace with a first_frame");
      ReceivedSpan failover = collector.spans().stream().filter(s -> s.name().equals("failover")).findFirst().orElseThrow();
      assertThat(failover.isRoot()).isTrue();
      assertThat(failover.attributes()).containsEntry("streamfleet.node", node);
      assertThat(collector.trace(failover.traceId())).filteredOn(s -> s.name().equals("placement"))
          .extracting(s -> s.attributes().get("streamfleet.stream")).contains("cam-1");
    }
  }

  private static HttpResponse<String> post(ServerProcess server, String id, String traceparent) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/streams"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"url\":\"synthetic://" + id + "?fps=10&width=160&height=90\","
            + "\"processor\":\"motion\"}"))
        .header("Content-Type", "application/json");
    if (traceparent != null) {
      b.header("traceparent", traceparent);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Waits for {@code done}; on timeout, says what the collector has. */
  private static void awaitSpans(OtlpReceiver collector, java.util.concurrent.Callable<Boolean> done, String what) {
    try {
      await().atMost(Duration.ofSeconds(30)).until(done);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no " + what + " within 30 s; the collector has: " + collector.spans().stream()
          .map(s -> s.service() + " " + s.name() + " " + s.traceId() + "/" + s.spanId() + "<-" + s.parentSpanId()).toList(), e);
    }
  }

  private static List<String> names(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::name).toList();
  }

  /** The MDC trace ids of the JSON log lines whose message contains {@code text}. */
  private static List<String> traceIdsOf(String log, String text) {
    return log.lines().filter(l -> l.startsWith("{")).map(l -> {
      try {
        return Json.mapper().readTree(l);
      } catch (IOException e) {
        return Json.mapper().createObjectNode();
      }
    }).filter(line -> line.path("formattedMessage").asText("").contains(text))
        .map(line -> line.path("mdc").path("trace_id").asText("")).toList();
  }

}
