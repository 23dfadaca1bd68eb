package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every acknowledged write survives kill -9 and restart, through snapshots and log replay. */
@Tag("integration")
class RestartRecoveryIT {
  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesKillNineAndRestart() throws Exception {
    Path data = tmp.resolve("data");
    Map<String, StreamView> acknowledged = new HashMap<>();
    // Snapshot every 50 entries so that recovery uses snapshot + log, not the log alone.
    try (ServerProcess server = new ServerProcess(data, "--snapshot-every", "50").start()) {
      StreamfleetClient client = server.client();
      client.putProcessor("recorder", new ProcessorRequest(null, "exec", null,
          List.of("ffmpeg", "-i", "{stream.url}", "-c", "copy", "{data.dir}/{stream.id}.mkv"), null, null, null, null, "records"));
      for (int i = 0; i < 130; i++) {
        String id = "cam-" + i;
        StreamView v = client.createStream(new StreamRequest(id, "synthetic://" + id + "?fps=5", i % 2 == 0 ? "motion" : "recorder",
            "zone-" + (i % 3), null, Map.of("site", "north"), i % 100, null, null, null));
        acknowledged.put(id, v);
      }
      for (int i = 0; i < 10; i++) {
        client.deleteStream("cam-" + i);
        acknowledged.remove("cam-" + i);
      }
      StreamView updated = client.updateStream("cam-20", new StreamRequest(null, "rtsp://cam20.local/live", "motion", null, null, null, 90, "exclusive", null, null));
      acknowledged.put("cam-20", updated);

      CliRunner cli = new CliRunner(server);
      assertThat(cli.run("stream", "add", "cli-cam", "--url", "synthetic://cli-cam?fps=3", "--zone", "east").exitCode()).isZero();
      acknowledged.put("cli-cam", client.stream("cli-cam"));

      server.kill();
      assertThat(snapshotFiles(data)).as("a snapshot was written before the kill").isNotEmpty();

      server.start();
      assertStreamsEqual(client, acknowledged);
      assertThat(client.processor("recorder").version()).isEqualTo(1);
      assertThat(client.audit(10_000)).extracting(e -> e.action()).contains("stream.create", "stream.delete", "stream.update", "processor.put");

      // A graceful stop and a second restart keep everything too, and writes go on.
      server.stop();
      server.start();
      assertStreamsEqual(client, acknowledged);
      client.createStream(new StreamRequest("after-restart", "synthetic://x", "motion", null, null, null, null, null, null, null));
      assertThat(client.streams()).hasSize(acknowledged.size() + 1);
    }
  }

  private static void assertStreamsEqual(StreamfleetClient client, Map<String, StreamView> expected) {
    List<StreamView> now = client.streams();
    assertThat(now).extracting(StreamView::id).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (StreamView v : now) {
      StreamView e = expected.get(v.id());
      assertThat(v.spec()).as(v.id()).isEqualTo(e.spec());
      assertThat(v.generation()).as(v.id()).isEqualTo(e.generation());
      assertThat(v.createdMs()).as(v.id()).isEqualTo(e.createdMs());
    }
  }

  static List<Path> snapshotFiles(Path data) throws Exception {
    try (Stream<Path> s = Files.walk(data.resolve("raft"))) {
      return s.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).toList();
    }
  }
}
