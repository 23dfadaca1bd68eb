package io.streamfleet.server.raft;

import java.io.IOException;
import java.nio.file.Path;

/** A file in the data directory cannot be trusted; the server must not start over it. */
public final class CorruptDataException extends IOException {
  private final Path file;

  public CorruptDataException(Path file, String problem) {
    super("data file " + file + " is unusable: " + problem);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
