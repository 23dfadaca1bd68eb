package io.streamfleet.agent.builtin;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a child process wrote to stderr, kept to explain why it failed. Thread-safe. */
final class StderrTail {
  private final int capacity;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  StderrTail(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(String line) {
    if (line.isBlank()) {
      return;
    }
    if (lines.size() == capacity) {
      lines.removeFirst();
    }
    lines.addLast(line.strip());
  }

  /** The last {@code count} lines, oldest first. */
  synchronized List<String> last(int count) {
    return lines.stream().skip(Math.max(0, lines.size() - count)).toList();
  }
}
