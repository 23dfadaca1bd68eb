package io.streamfleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a JSON request body from {@code -f FILE} ('-' for stdin). Every problem is a usage error (exit 2) naming the file. */
final class BodyFiles {
  private BodyFiles() {}

  static <T> T read(Path file, Class<T> type) {
    return as(file, readTree(file), type);
  }

  /** The file as a JSON tree, for bodies that come in more than one shape (one job, or a batch). */
  static JsonNode readTree(Path file) {
    byte[] bytes;
    try {
      bytes = file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("-f " + file + ": no such file", 2);
    } catch (IOException e) {
      throw new CliException("-f " + file + ": cannot read: " + e.getMessage(), 2);
    }
    try {
      return Json.mapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new CliException("-f " + file + ": " + e.getOriginalMessage(), 2);
    } catch (IOException e) {
      throw new CliException("-f " + file + ": " + e.getMessage(), 2);
    }
  }

  /** A part of the file's tree as {@code type}, checked as strictly as the server would. */
  static <T> T as(Path file, JsonNode node, Class<T> type) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new CliException("-f " + file + ": is empty; it should hold a JSON object", 2);
    }
    try {
      return Json.mapper().treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new CliException("-f " + file + ": " + e.getOriginalMessage(), 2);
    } catch (IllegalArgumentException e) {
      throw new CliException("-f " + file + ": " + e.getMessage(), 2);
    }
  }
}
