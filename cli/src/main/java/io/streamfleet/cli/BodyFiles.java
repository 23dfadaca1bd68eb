package io.streamfleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a JSON request body from {@code -f FILE} ('-' for stdin). */
final class BodyFiles {
  private BodyFiles() {}

  static <T> T read(Path file, Class<T> type) {
    byte[] bytes;
    try {
      bytes = file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("-f " + file + ": no such file", 2);
    } catch (IOException e) {
      throw new CliException("-f " + file + ": cannot read: " + e.getMessage(), 2);
    }
    try {
      return Json.mapper().readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new CliException("-f " + file + ": " + e.getOriginalMessage(), 2);
    } catch (IOException e) {
      throw new CliException("-f " + file + ": " + e.getMessage(), 2);
    }
  }
}
