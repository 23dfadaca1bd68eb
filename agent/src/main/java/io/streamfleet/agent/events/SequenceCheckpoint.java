package io.streamfleet.agent.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file that keeps event numbering going after the segments that held a stream's events are
 * deleted: each stream's newest epoch and its last sequence. Written (atomically) before any
 * segment is deleted, so that on recovery the maximum of this file and the remaining segments is
 * never behind what was given out.
 *
 * <p>Text, one stream a line: {@code epoch sequence stream-id} (ids hold no spaces or line breaks).
 */
final class SequenceCheckpoint {
  private static final Logger log = LoggerFactory.getLogger(SequenceCheckpoint.class);
  static final String FILE_NAME = "sequences";
  private static final String HEADER = "# streamfleet event outbox: last sequence per stream (newest epoch)";

  private SequenceCheckpoint() {}

  static void write(Path dir, List<StreamSequence> sequences) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (StreamSequence s : sequences) {
      text.append(s.epoch()).append(' ').append(s.sequence()).append(' ').append(s.streamId()).append('\n');
    }
    AtomicFiles.write(dir.resolve(FILE_NAME), text.toString());
  }

  /** What the file says; empty when there is none. A line that does not parse is skipped with a warning. */
  static List<StreamSequence> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    String text = AtomicFiles.readIfExists(file);
    List<StreamSequence> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ", 3);
      try {
        out.add(new StreamSequence(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1])));
      } catch (RuntimeException e) {
        log.warn("{}: skipping the line '{}' (expected 'epoch sequence stream-id'); that stream's numbering continues from its "
            + "events still in the outbox", file, line);
      }
    }
    return out;
  }
}
