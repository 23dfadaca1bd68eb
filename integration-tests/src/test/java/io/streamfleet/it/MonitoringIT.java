package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.testing.RequiresProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators load into Prometheus and Grafana (deploy/) is checked against the real thing: the
 * alert rules pass {@code promtool check rules} and their unit tests, and every metric the rules
 * and the Grafana dashboard use is one a running server with an agent and a stream really exports.
 */
@Tag("integration")
class MonitoringIT {
  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  private static final Path RULES = DEPLOY.resolve("prometheus").resolve("streamfleet-rules.yml");
  private static final Path RULE_TESTS = DEPLOY.resolve("prometheus").resolve("tests").resolve("streamfleet-rules.test.yml");
  private static final Path DASHBOARD = DEPLOY.resolve("grafana").resolve("streamfleet.json");
  private static final Pattern METRIC = Pattern.compile("\\bstreamfleet_[a-z0-9_]+");

  @TempDir Path tmp;

  @Test
  @RequiresProgram(value = "promtool", debianPackage = "prometheus")
  void theAlertRulesAreValidAndPassTheirUnitTests() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
    assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
  }

  @Test
  void everyMetricTheRulesAndTheDashboardUseIsExported() throws Exception {
    int agentMetricsPort = ServerProcess.freePort();
    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess agent = new AgentProcess(tmp, "node-1", server, "--cpu-millis", "2000", "--memory-mb", "2048",
             "--metrics-listen", "127.0.0.1:" + agentMetricsPort).start()) {
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.nodes().size() == 1);
      client.createStream(new StreamRequest("cam-1", "synthetic://cam-1?fps=10&width=160&height=90", "motion", null, null, null, null, null,
          null, null));
      await().atMost(Duration.ofSeconds(30)).until(() -> client.stream("cam-1").status().state() == AssignmentState.RUNNING
          && client.stream("cam-1").status().frames() != null);

      // a zone rule, so that the rule metrics have a series (they have one per rule)
      String rule = "{\"id\":\"ridge\",\"zone\":\"zone-a\",\"event_kind\":\"smoke\",\"action_topic\":\"site/pump\"}";
      assertThat(client.raw("POST", "/api/v1/rules", rule.getBytes(java.nio.charset.StandardCharsets.UTF_8)).statusCode()).isIn(200, 201);

      Set<String> used = new TreeSet<>();
      used.addAll(metricsIn(Files.readString(RULES)));
      used.addAll(metricsIn(Files.readString(DASHBOARD)));
      assertThat(used).as("metrics the rules and the dashboard use").hasSizeGreaterThan(20);
      // the agent's own metrics, at --metrics-listen
      java.net.http.HttpResponse<String> agentScrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + agentMetricsPort + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(agentScrape.statusCode()).isEqualTo(200);
      assertThat(agentScrape.body()).contains("streamfleet_agent_info{node=\"node-1\"").contains("streamfleet_agent_connected 1")
          .contains("streamfleet_agent_instance_fps{stream=\"cam-1\",epoch=\"1\"}").contains("streamfleet_agent_data_disk_free_bytes");
      String scrape = client.raw("GET", "/metrics", null).body();
      Set<String> exported = new TreeSet<>();
      for (String line : scrape.split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          exported.add(line.split("[{ ]", 2)[0]);
        }
      }
      // an agent's metric families count by their TYPE line: GPU series have no sample on a machine without a GPU
      for (String line : agentScrape.body().split("\n")) {
        if (line.startsWith("# TYPE ")) {
          exported.add(line.split(" ")[2]);
        }
      }
      assertThat(exported).as("what the server's /metrics and the agent's export").containsAll(used);
      assertThat(scrape).contains("streamfleet_stream_fps{stream=\"cam-1\"}").contains("streamfleet_node_up{node=\"node-1\"} 1.0")
          .contains("streamfleet_raft_leader 1.0").contains("streamfleet_node_certificate_expiry_seconds{node=\"node-1\"}");

    }
  }

  private static Set<String> metricsIn(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static String promtool(String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("promtool"));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).directory(DEPLOY.resolve("prometheus").toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
