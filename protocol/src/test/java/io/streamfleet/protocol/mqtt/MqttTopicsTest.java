package io.streamfleet.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttTopicsTest {
  private final MqttTopics topics = new MqttTopics("nvr");

  @Test
  void everyTopicOfTheContractSitsUnderThePrefix() {
    assertThat(topics.nodeStatus("node-1")).isEqualTo("nvr/nodes/node-1/status");
    assertThat(topics.serverStatus("s1")).isEqualTo("nvr/servers/s1/status");
    assertThat(topics.orchestrationAssign()).isEqualTo("nvr/orchestration/assign");
    assertThat(topics.orchestrationMigrate()).isEqualTo("nvr/orchestration/migrate");
    assertThat(topics.streamEvents("cam-3")).isEqualTo("nvr/streams/cam-3/events");
    assertThat(topics.alerts("rule-9")).isEqualTo("nvr/alerts/rule-9");
    assertThat(topics.available()).isEqualTo("nvr/available");
    assertThat(topics.frigateEvents()).isEqualTo("nvr/events");
    assertThat(topics.motion("front_door")).isEqualTo("nvr/front_door/motion");
    assertThat(topics.all()).isEqualTo("nvr/#");
    assertThat(topics.prefix()).isEqualTo("nvr");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a+", "#"})
  void anIdThatIsNotOneTopicLevelIsRefused(String id) {
    assertThatIllegalArgumentException().isThrownBy(() -> topics.streamEvents(id))
        .withMessage("stream id '" + id + "' cannot be one MQTT topic level: it must be non-empty and contain no '/', '+' or '#'");
  }

  @Test
  void aPrefixWithAWildcardIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new MqttTopics("a/#"))
        .withMessage("topic prefix 'a/#' contains a wildcard ('+' or '#'), which topic names cannot contain; remove it");
  }

  @Test
  void topicsWithTheSamePrefixAreEqual() {
    assertThat(new MqttTopics("a/b")).isEqualTo(new MqttTopics("a/b")).hasSameHashCodeAs(new MqttTopics("a/b"));
  }
}
