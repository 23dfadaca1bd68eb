package io.streamfleet.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.protocol.mqtt.MqttTopics;
import io.streamfleet.protocol.mqtt.MqttWill;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NodeStatusTest {
  private final MqttTopics topics = new MqttTopics("streamfleet");

  @Test
  void onlineNamesTheNodeItsZoneVersionAndStart() {
    NodeStatus status = new NodeStatus("node-1", "site-a", "0.1.0", 1_700);

    assertThat(new String(status.online(), StandardCharsets.UTF_8))
        .isEqualTo("{\"state\":\"online\",\"node\":\"node-1\",\"zone\":\"site-a\",\"agent_version\":\"0.1.0\",\"since_ms\":1700}");
    assertThat(new String(new NodeStatus("node-1", null, "0.1.0", 1_700).online(), StandardCharsets.UTF_8)).contains("\"zone\":null");
  }

  @Test
  void theWillIsARetainedOfflineOnTheNodesStatusTopic() {
    MqttWill will = new NodeStatus("node-1", null, "0.1.0", 0).will(topics);

    assertThat(will.topic()).isEqualTo("streamfleet/nodes/node-1/status");
    assertThat(new String(will.payload(), StandardCharsets.US_ASCII)).isEqualTo("offline");
    assertThat(will.retained()).isTrue();
  }
}
