package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamStatus;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.testing.RequiresProgram;
import io.streamfleet.testing.TestCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real network cameras (ffmpeg serving H.264 in MPEG-TS over HTTP) that drop, stall and come back,
 * read by the builtin motion processor on a real agent: the stream is degraded while its camera is
 * away and recovers by itself, on the same node and epoch, without a restart storm. One cluster
 * for every fault, to keep the suite short.
 */
@Tag("integration")
@RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
class CameraReconnectIT {
  private static final Map<String, String> PARAMS = Map.of("width", "160", "height", "120", "stall_timeout_s", "3",
      "connect_timeout_s", "5", "reconnect_max_s", "4");

  @TempDir Path tmp;

  @Test
  void aCameraAwayForTenSecondsOrStalledIsDegradedMeanwhileAndRecoversByItselfWithoutARestart() throws Exception {
    try (TestCamera camera = TestCamera.start(Files.createDirectories(tmp.resolve("camera")), 320, 240, 15);
         TestCamera late = TestCamera.start(Files.createDirectories(tmp.resolve("late")), 320, 240, 15);
         ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess agent = new AgentProcess(tmp, "edge-1", server, "--cpu-millis", "2000", "--memory-mb", "2048").start()) {
      late.drop(); // not there yet when its stream starts
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.nodes().size() == 1);
      client.createStream(new StreamRequest("door", camera.url(), "motion", null, null, null, null, null, null, PARAMS));
      client.createStream(new StreamRequest("yard", late.url(), "motion", null, null, null, null, null, null, PARAMS));

      await("door running at the camera's rate").atMost(Duration.ofSeconds(30)).until(() -> {
        StreamStatus s = client.stream("door").status();
        return s.state() == AssignmentState.RUNNING && s.fps() != null && s.fps() > 8;
      });
      await("yard degraded: its camera is not there").atMost(Duration.ofSeconds(30))
          .until(() -> client.stream("yard").status().state() == AssignmentState.DEGRADED);
      assertThat(client.stream("yard").status().reason()).contains("Connection refused");
      long epoch = client.stream("door").status().epoch();
      int connectionsBefore = camera.connections();

      camera.drop();
      await("door degraded while its camera is away").atMost(Duration.ofSeconds(15))
          .until(() -> client.stream("door").status().state() == AssignmentState.DEGRADED);
      StreamStatus away = client.stream("door").status();
      await("ten seconds away").atMost(Duration.ofSeconds(30))
          .until(() -> System.currentTimeMillis() - away.sinceMs() >= 10_000);
      StreamStatus stillAway = client.stream("door").status();
      assertThat(stillAway.state()).isEqualTo(AssignmentState.DEGRADED);
      assertThat(stillAway.fps()).as("no frames while away").isZero();

      camera.comeBack();
      late.comeBack();
      await("door running again").atMost(Duration.ofSeconds(30)).until(() -> {
        StreamStatus s = client.stream("door").status();
        return s.state() == AssignmentState.RUNNING && s.fps() != null && s.fps() > 8;
      });
      await("yard running once its camera is there").atMost(Duration.ofSeconds(30))
          .until(() -> client.stream("yard").status().state() == AssignmentState.RUNNING);

      StreamStatus back = client.stream("door").status();
      assertThat(back.node()).isEqualTo("edge-1");
      assertThat(back.epoch()).as("the same instance: not re-placed").isEqualTo(epoch);
      assertThat(back.restarts()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> client.stream("door").status().frames() != null
          && client.stream("door").status().frames().reconnects() == 1);
      assertThat(client.stream("door").status().frames().decoder()).isEqualTo("software");
      assertThat(camera.connections() - connectionsBefore).as("connections served after the camera came back: no storm")
          .isBetween(1, 2);

      List<EventRecord> health = client.events(0, Map.of("type", "stream", "stream", "door"), 100).events();
      assertThat(health).extracting(EventRecord::kind).containsExactly("degraded", "recovered");

      // A camera that keeps its connection open but sends nothing is caught by the stall detector.
      camera.stall();
      await("degraded by the stall detector").atMost(Duration.ofSeconds(15))
          .until(() -> client.stream("door").status().state() == AssignmentState.DEGRADED);
      // The first reason is the stall; later attempts may already say the stopped camera refuses connections.
      assertThat(client.events(0, Map.of("type", "stream", "kind", "degraded", "stream", "door"), 10).events().getLast().reason())
          .contains("the source stalled");

      camera.resume();
      await("running again").atMost(Duration.ofSeconds(30))
          .until(() -> client.stream("door").status().state() == AssignmentState.RUNNING);
      assertThat(client.stream("door").status().restarts()).isZero();
      assertThat(client.stream("door").status().epoch()).isEqualTo(epoch);
    }
  }
}
