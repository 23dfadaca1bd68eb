package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.StreamRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged data directory makes the server refuse to start with a message naming the file and
 * the remedy, exit non-zero, and leave every byte of the directory as it was.
 */
@Tag("integration")
class CorruptDataDirIT {
  @TempDir Path tmp;

  @Test
  void corruptSnapshotIsRefusedNamingTheFile() throws Exception {
    Path data = populatedDataDir("--snapshot-every", "10");
    // the newest snapshot is the one a restart loads (older ones are only kept as spares)
    Path snapshot = RestartRecoveryIT.snapshotFiles(data).stream()
        .max(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replaceAll(".*_", ""))))
        .orElseThrow();
    flipBytes(snapshot, 5);
    String out = refusesToStart(data, "--snapshot-every", "10");
    assertThat(out).contains(snapshot.getFileName().toString()).contains("MD5").contains("Refusing to start").contains("backup");
  }

  @Test
  void corruptLogSegmentIsRefused() throws Exception {
    Path data = populatedDataDir();
    Path segment = logSegments(data).getFirst();
    flipBytes(segment, 40);
    String out = refusesToStart(data);
    assertThat(out).contains("Raft log").contains("corrupt").contains("Refusing to start");
  }

  @Test
  void raftDataWithoutIdentityFileIsRefused() throws Exception {
    Path data = populatedDataDir();
    Files.delete(data.resolve("streamfleet.json"));
    assertThat(refusesToStart(data)).contains("streamfleet.json is missing").contains("Refusing to start");
  }

  @Test
  void unreadableIdentityFileIsRefused() throws Exception {
    Path data = populatedDataDir();
    Files.writeString(data.resolve("streamfleet.json"), "{ not json");
    assertThat(refusesToStart(data)).contains("streamfleet.json is unreadable");
  }

  @Test
  void identityWithoutRaftDataIsRefusedInsteadOfStartingEmpty() throws Exception {
    Path data = populatedDataDir();
    deleteTree(data.resolve("raft"));
    assertThat(refusesToStart(data)).contains("Refusing to start empty over lost data");
  }

  @Test
  void dataDirOfAnotherServerIdIsRefused() throws Exception {
    Path data = populatedDataDir();
    Files.writeString(data.resolve("streamfleet.json"), "{\"format\":1,\"server_id\":\"s7\",\"cluster_name\":\"streamfleet\"}");
    assertThat(refusesToStart(data)).contains("belongs to server 's7'").contains("--id s7");
  }

  @Test
  void dataDirInUseByARunningServerIsRefused() throws Exception {
    Path data = tmp.resolve("busy");
    try (ServerProcess running = new ServerProcess(data).start()) {
      ServerProcess second = new ServerProcess(data);
      assertThat(second.runToExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(second.logText()).contains("in use by another running Streamfleet server");
      assertThat(running.client().health().status()).isEqualTo("ok");
    }
  }

  /** Starts a server, writes a few streams, stops it gracefully; returns its data dir. */
  private Path populatedDataDir(String... args) throws Exception {
    Path data = tmp.resolve("data");
    try (ServerProcess s = new ServerProcess(data, args).start()) {
      for (int i = 0; i < 25; i++) {
        s.client().createStream(new StreamRequest("cam-" + i, "synthetic://cam-" + i, "motion", null, null, null, null, null, null, null));
      }
      s.stop();
    }
    return data;
  }

  private String refusesToStart(Path data, String... args) throws Exception {
    String before = digest(data);
    ServerProcess s = new ServerProcess(data, args);
    int code = s.runToExit(Duration.ofSeconds(60));
    String out = s.logText();
    assertThat(code).as(out).isEqualTo(1);
    assertThat(out).contains("cannot start server").doesNotContain("\tat ");
    assertThat(digest(data)).as("the data directory is left exactly as it was").isEqualTo(before);
    return out;
  }

  private static List<Path> logSegments(Path data) throws IOException {
    try (Stream<Path> s = Files.walk(data.resolve("raft"))) {
      List<Path> all = s.filter(p -> p.getFileName().toString().startsWith("log_")).sorted().toList();
      List<Path> closed = all.stream().filter(p -> !p.getFileName().toString().startsWith("log_inprogress")).toList();
      return closed.isEmpty() ? all : closed;
    }
  }

  private static void flipBytes(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (long i = offset; i < offset + 16 && i < f.length(); i++) {
        f.seek(i);
        int b = f.read();
        f.seek(i);
        f.write(b ^ 0xff);
      }
    }
  }

  /** A digest of every file's path and content, ignoring the LOCK file. */
  private static String digest(Path dir) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("LOCK")).sorted().toList()) {
        md.update(dir.relativize(p).toString().getBytes());
        md.update(Files.readAllBytes(p));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
