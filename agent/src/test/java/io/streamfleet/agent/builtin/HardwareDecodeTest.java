package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HardwareDecodeTest {
  private static final Path RENDER_NODE = Path.of("/dev/dri/renderD128");

  @Test
  void autoPrefersNvdecThenVaapiThenSoftware() {
    assertThat(new HardwareDecode(RENDER_NODE, true).choose(HardwareDecode.Request.AUTO).name()).isEqualTo("cuda");
    assertThat(new HardwareDecode(RENDER_NODE, false).choose(HardwareDecode.Request.AUTO).inputOptions())
        .containsExactly("-hwaccel", "vaapi", "-hwaccel_device", "/dev/dri/renderD128");
    assertThat(HardwareDecode.NONE.choose(HardwareDecode.Request.AUTO)).isEqualTo(HardwareDecode.Decoder.SOFTWARE);
  }

  @Test
  void noneDecodesInSoftwareEvenOnAGpuNode() {
    assertThat(new HardwareDecode(RENDER_NODE, true).choose(HardwareDecode.Request.NONE).hardware()).isFalse();
  }

  @Test
  void anExplicitRequestIsTriedEvenWithoutADetectedDevice() {
    assertThat(HardwareDecode.NONE.choose(HardwareDecode.Request.VAAPI).inputOptions()).containsExactly("-hwaccel", "vaapi");
    assertThat(HardwareDecode.NONE.choose(HardwareDecode.Request.CUDA).inputOptions()).containsExactly("-hwaccel", "cuda");
  }

  @Test
  void networkSourcesGetTheirTransportAndASocketTimeoutAsLongAsTheStallTimeout() {
    SourceSettings settings = SourceSettings.fromParams(java.util.Map.of("stall_timeout_s", "4", "rtsp_transport", "udp"), "rtsp://c/s");

    assertThat(FfmpegConnector.inputOptions("rtsp://c/s", settings, HardwareDecode.Decoder.SOFTWARE))
        .containsExactly("-rtsp_transport", "udp", "-timeout", "4000000", "-analyzeduration", "1000000");
    assertThat(FfmpegConnector.inputOptions("http://c/s.ts", settings, HardwareDecode.NONE.choose(HardwareDecode.Request.VAAPI)))
        .containsExactly("-hwaccel", "vaapi", "-rw_timeout", "4000000", "-analyzeduration", "1000000");
    assertThat(FfmpegConnector.inputOptions("/videos/door.mp4", settings, HardwareDecode.Decoder.SOFTWARE)).isEmpty();
  }
}
