package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeClassTest {
  @Test
  void wireNamesAreTheLowerCaseNames() {
    assertThat(NodeClass.LAPTOP.wireName()).isEqualTo("laptop");
    assertThat(NodeClass.DESKTOP.wireName()).isEqualTo("desktop");
    assertThat(NodeClass.SERVER.wireName()).isEqualTo("server");
  }
}
