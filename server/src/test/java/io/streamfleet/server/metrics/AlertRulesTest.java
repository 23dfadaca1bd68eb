package io.streamfleet.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.PutRule;
import io.streamfleet.model.rule.RuleRequest;
import io.streamfleet.model.rule.RuleSpecParser;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped Prometheus alert rules for the event pipeline name metrics the server really exposes. */
class AlertRulesTest {
  private static final Pattern METRIC = Pattern.compile("streamfleet_[a-z_]+");

  @Test
  void everyMetricTheAlertRulesUseIsExposed() throws Exception {
    StateStore store = new StateStore();
    store.apply(new PutRule(new CommandMeta(0, "t", "t"), RuleSpecParser.parse(new RuleRequest("fire-north", "north", null, "fire", null,
        null, null, null, null, null, "gpio/pump/pump-01", null, null, null, null))), 1);
    NodeLiveness liveness = new NodeLiveness();
    liveness.record("edge-1", Heartbeat.newBuilder().setOutboxPending(3).setOutboxDropped(1).build(), 0);
    try (ServerMetrics metrics = new ServerMetrics(store)) {
      metrics.bindEvents(store, liveness, new ManualClock(1_000));
      metrics.bindCounter("streamfleet.webhook.failures", "test", () -> 0);
      String scrape = metrics.scrape();

      // The event pipeline's group; the cluster group's metrics need a running cluster (Raft, agents,
      // certificates): MonitoringIT checks every rule against a real server's scrape.
      String file = Files.readString(Path.of("..", "deploy", "prometheus", "streamfleet-rules.yml"));
      String rules = file.substring(file.indexOf("- name: streamfleet-events"));
      List<String> used = new ArrayList<>();
      for (String line : rules.split("\n")) {
        if (line.trim().startsWith("expr:")) {
          Matcher m = METRIC.matcher(line);
          while (m.find()) {
            used.add(m.group());
          }
        }
      }
      assertThat(used).contains("streamfleet_rule_consensus_pending_seconds", "streamfleet_rule_action_runtime_seconds");
      for (String name : used) {
        assertThat(scrape).as("/metrics exposes " + name).containsPattern("(?m)^" + name + "[{ ]");
      }
      assertThat(scrape).contains("streamfleet_agent_outbox_pending{node=\"edge-1\"} 3.0");
    }
  }

  @Test
  void aCounterReadFromALambdaSurvivesGarbageCollection() {
    try (ServerMetrics metrics = new ServerMetrics(new StateStore())) {
      java.util.concurrent.atomic.AtomicLong things = new java.util.concurrent.atomic.AtomicLong(7);
      metrics.bindCounter("streamfleet.test.things", "test", things::get); // a new object only the metrics hold
      System.gc();
      assertThat(metrics.scrape()).contains("streamfleet_test_things_total 7.0");
    }
  }
}
