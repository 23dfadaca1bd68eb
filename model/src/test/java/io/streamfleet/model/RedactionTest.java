package io.streamfleet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rtsp://admin:hunter2@cam-1.local:554/stream | rtsp://admin:***@cam-1.local:554/stream",
      "rtsp://tokenonly@cam-1.local/stream | rtsp://***@cam-1.local/stream",
      "rtsp://cam-1.local/stream | rtsp://cam-1.local/stream",
      "https://cam/a@b | https://cam/a@b",
      "/videos/me@home.mp4 | /videos/me@home.mp4",
      "http://cam/snap.jpg?user=a&password=hunter2&x=1 | http://cam/snap.jpg?user=a&password=***&x=1",
      "ffmpeg: rtsp://a:hunter2@h/x: Connection refused | ffmpeg: rtsp://a:***@h/x: Connection refused"})
  void masksPasswordsInUrlsAndText(String in, String shown) {
    assertThat(Redaction.text(in)).isEqualTo(shown);
  }

  @Test
  void masksValuesWhoseNameSaysSecret() {
    assertThat(Redaction.values(Map.of("camera_password", "hunter2", "API_TOKEN", "t", "threshold", "0.2")))
        .containsEntry("camera_password", "***").containsEntry("API_TOKEN", "***").containsEntry("threshold", "0.2");
  }

  @Test
  void aMaskedValueSentBackUnchangedKeepsTheStoredSecret() {
    String stored = "rtsp://admin:hunter2@cam/x";
    assertThat(Redaction.restoreUrl(Redaction.text(stored), stored)).isEqualTo(stored);
    assertThat(Redaction.restoreUrl("rtsp://admin:new@cam/x", stored)).isEqualTo("rtsp://admin:new@cam/x");
    assertThat(Redaction.restoreValues(Map.of("password", "***", "fps", "5"), Map.of("password", "hunter2", "fps", "10")))
        .containsEntry("password", "hunter2").containsEntry("fps", "5");
  }
}
