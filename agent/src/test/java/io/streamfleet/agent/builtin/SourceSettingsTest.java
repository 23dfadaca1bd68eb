package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSettingsTest {
  @Test
  void aNetworkCameraReconnectsByDefault() {
    SourceSettings s = SourceSettings.fromParams(Map.of(), "rtsp://cam-1/stream");

    assertThat(s.reconnect()).isTrue();
    assertThat(s.rtspTransport()).isEqualTo("tcp");
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.stallTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.hwaccel()).isEqualTo(HardwareDecode.Request.AUTO);
    assertThat(s.width()).isEqualTo(640);
  }

  @Test
  void aFileOrTestPatternEndsAtItsEndByDefault() {
    assertThat(SourceSettings.fromParams(Map.of(), "/videos/door.mp4").reconnect()).isFalse();
    assertThat(SourceSettings.fromParams(Map.of(), "lavfi:testsrc2").reconnect()).isFalse();
    assertThat(SourceSettings.fromParams(Map.of("reconnect", "true"), "/videos/door.mp4").reconnect()).isTrue();
  }

  @Test
  void readsEveryParam() {
    SourceSettings s = SourceSettings.fromParams(Map.of("rtsp_transport", "udp", "connect_timeout_s", "5", "stall_timeout_s", "3",
        "reconnect", "false", "reconnect_max_s", "60", "hwaccel", "vaapi", "width", "320", "height", "180"), "rtsp://cam/s");

    assertThat(s).isEqualTo(new SourceSettings(320, 180, "udp", Duration.ofSeconds(5), Duration.ofSeconds(3), false,
        Duration.ofSeconds(60), HardwareDecode.Request.VAAPI, Duration.ofSeconds(1)));
  }

  @Test
  void aBadValueNamesTheParamAndTheChoices() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SourceSettings.fromParams(Map.of("hwaccel", "gpu"), "rtsp://cam/s"))
        .withMessageStartingWith("hwaccel=gpu must be one of auto, none, vaapi, cuda: hardware decoding");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SourceSettings.fromParams(Map.of("stall_timeout_s", "0"), "rtsp://cam/s"))
        .withMessage("stall_timeout_s=0 must be a whole number from 1 to 300: seconds a connected camera may send no "
            + "frame before it counts as gone and is connected again (default 10)");
  }

  @Test
  void everyParamIsDocumented() {
    assertThat(SourceSettings.PARAM_DOCS).containsOnlyKeys("width", "height", "rtsp_transport", "connect_timeout_s",
        "stall_timeout_s", "reconnect", "reconnect_max_s", "hwaccel", "analyze_ms");
  }
}
