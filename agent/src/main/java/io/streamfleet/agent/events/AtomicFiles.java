package io.streamfleet.agent.events;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash or power loss leaves either the old or the new content:
 * write a temporary file, fsync it, rename it over the target, fsync the directory.
 *
 * <p>Classic streams instead of a FileChannel for the content: a FileChannel is closed for good
 * when the writing thread is interrupted, and this runs on whichever thread appends an event
 * (a processor thread that may be stopped by interruption).
 */
final class AtomicFiles {
  static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  static void write(Path target, String content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.getFD().sync();
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(target.getParent());
  }

  /**
   * Makes created, renamed and deleted names in {@code dir} durable. Best effort: not every
   * platform can open a directory; the interrupt flag is set aside so the sync is not cut short.
   */
  static void syncDirectory(Path dir) {
    boolean interrupted = Thread.interrupted();
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not supported here (e.g. Windows); the rename itself is still atomic
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
  }
}
