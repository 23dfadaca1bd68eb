package io.streamfleet.agent.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of running exec process groups in {@code <dataDir>/.pids/<streamId>}, so an agent
 * that was killed before it could stop its children finds and kills them at its next start.
 *
 * <p>A record holds the group leader's pid and its start time ({@code /proc/PID/stat} field 22);
 * a group is only killed when both still match, so a reused pid is never touched.
 */
public final class Orphans {
  private static final Logger log = LoggerFactory.getLogger(Orphans.class);
  private final Path dir;

  public Orphans(Path dataDir) {
    this.dir = dataDir.resolve(".pids");
  }

  /** Notes that {@code pgid} (a group leader) runs the processor of {@code streamId}. */
  public void record(String streamId, long pgid) {
    Optional<ProcStat> stat = ProcStat.of(pgid);
    if (stat.isEmpty()) {
      return; // already gone; nothing to reap later
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(streamId), pgid + " " + stat.get().startTime() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record pid " + pgid + " of stream " + streamId + " in " + dir, e);
    }
  }

  /** Forgets the record of {@code streamId}, once its group is gone. */
  public void clear(String streamId) {
    try {
      Files.deleteIfExists(dir.resolve(streamId));
    } catch (IOException e) {
      log.warn("cannot delete pid record {}: {}", dir.resolve(streamId), e.getMessage());
    }
  }

  /**
   * Stops (TERM, then KILL) every recorded group whose leader is still the recorded process, and
   * deletes every record. Call at agent start, before starting any processor.
   *
   * @return the stream ids whose processes were found running and stopped
   */
  public List<String> reap(ProcessLauncher launcher) throws InterruptedException {
    List<String> reaped = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return reaped;
    }
    try (DirectoryStream<Path> records = Files.newDirectoryStream(dir)) {
      for (Path record : records) {
        String streamId = record.getFileName().toString();
        Optional<Long> leader = matchingLeader(record);
        if (leader.isPresent()) {
          long pgid = leader.get();
          log.warn("stopping orphaned processor of stream {} (process group {}) left by a previous agent", streamId, pgid);
          launcher.stopGroup(pgid);
          reaped.add(streamId);
        }
        Files.deleteIfExists(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pid records in " + dir, e);
    }
    return reaped;
  }

  private static Optional<Long> matchingLeader(Path record) {
    try {
      String[] fields = Files.readString(record).trim().split("\\s+");
      long pid = Long.parseLong(fields[0]);
      long startTime = Long.parseLong(fields[1]);
      return ProcStat.of(pid).filter(s -> s.live() && s.startTime() == startTime).map(ProcStat::pid);
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring unreadable pid record {}: {}", record, e.getMessage());
      return Optional.empty();
    }
  }
}
