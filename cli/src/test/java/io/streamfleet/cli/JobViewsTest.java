package io.streamfleet.cli;

import static io.streamfleet.cli.JobViewBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.job.JobAttempt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How jobs read in a terminal. */
class JobViewsTest {
  private static final long NOW = 1_000_000 + 192_000;

  private static String render(Table t) {
    StringWriter s = new StringWriter();
    t.print(new PrintWriter(s, true));
    return s.toString();
  }

  @Test
  void theListShowsWorkloadAttemptsAgeOrWallAndTheVerdict() {
    String table = render(JobViews.table(List.of(
        aJob("enc-2").state("running").on("node-1").attempts(1).build(),
        aJob("enc-1").state("succeeded").attempts(1).result(JobViewBuilder.succeeded(5200, 2.3))
            .analyzer("real-time capable at 2.30x, 75.0 fps (optimal)")
            .history(new JobAttempt(1, "node-2", true, "succeeded", null, 2_000_000, 2_005_200)).build(),
        aJob("tr-1").processor("transcode", "rtsp://cam/1").state("failed").attempts(1).reason("exit code 1: no such file").build()),
        NOW));
    assertThat(table.lines().toList()).containsExactly(
        "ID     STATE      SCENARIO/PROCESSOR  PRIORITY  NODE    ATTEMPTS  AGE/WALL   ANALYZER/REASON",
        "enc-2  running    1080p30-h264        50        node-1  1/3       3m12s ago  -",
        "enc-1  succeeded  1080p30-h264        50        node-2  1/3       5.2s       real-time capable at 2.30x, 75.0 fps (optimal)",
        "tr-1   failed     transcode           70        -       1/1       3m12s ago  exit code 1: no such file");
  }

  @Test
  void durationsReadAtAGlance() {
    assertThat(JobViews.duration(850)).isEqualTo("0.9s");
    assertThat(JobViews.duration(59_999)).isEqualTo("60.0s");
    assertThat(JobViews.duration(192_000)).isEqualTo("3m12s");
    assertThat(JobViews.duration(7_500_000)).isEqualTo("2h05m");
    assertThat(JobViews.duration(3 * 86_400_000L + 4 * 3_600_000L)).isEqualTo("3d04h");
  }

  @Test
  void showGivesTheSpecTheResultMetricsAndTheHistory() {
    StringWriter s = new StringWriter();
    JobViews.show(new PrintWriter(s, true), aJob("enc-1").state("succeeded").attempts(1).result(JobViewBuilder.succeeded(5200, 2.3))
        .analyzer("real-time capable at 2.30x, 75.0 fps (optimal)")
        .history(new JobAttempt(1, "node-2", true, "succeeded", null, 2_000_000, 2_005_200)).build());
    assertThat(s.toString())
        .contains("state:       succeeded, attempt 1 of 3, epoch 1")
        .contains("runs:        scenario 1080p30-h264")
        .contains("ffmpeg:      lavfi:testsrc2, 5 s, libx264, 1920x1080, 30 fps, 5M, preset veryfast -> discard")
        .contains("resources:   2000 cpu_millis, 1024 MiB")
        .contains("retry:       3 attempts, backoff 1 s doubling to 60 s")
        .contains("result:      succeeded, exit code 0")
        .contains("usage:       wall 5.20 s, cpu avg 180.5% max 250.0%, peak RSS 300.0 MiB")
        .contains("encoding:    75.0 fps, speed 2.30x, 150 frames")
        .contains("analyzer:    real-time capable at 2.30x, 75.0 fps (optimal)")
        .contains("submitted:   1970-01-01T00:16:40Z by alice")
        .contains("history:")
        .contains("1      node-2  succeeded  yes      1970-01-01T00:33:20Z  5.2s");
  }
}
