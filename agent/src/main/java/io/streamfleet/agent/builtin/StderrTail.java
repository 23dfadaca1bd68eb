package io.streamfleet.agent.builtin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/** The last lines a child process wrote to stderr, kept to explain why it failed. Thread-safe. */
public final class StderrTail {
  private final int capacity;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  /** @param capacity how many lines are kept; older ones are dropped */
  public StderrTail(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps {@code line}, stripped; blank lines are skipped. */
  public synchronized void add(String line) {
    if (line.isBlank()) {
      return;
    }
    if (lines.size() == capacity) {
      lines.removeFirst();
    }
    lines.addLast(line.strip());
  }

  /** The last {@code count} lines, oldest first. */
  public synchronized List<String> last(int count) {
    return lines.stream().skip(Math.max(0, lines.size() - count)).toList();
  }

  /**
   * The kept lines joined by newlines, at most {@code maxBytes} of UTF-8: the newest lines win,
   * and a newest line longer than that keeps its end (where programs say what went wrong).
   */
  public synchronized String text(int maxBytes) {
    StringBuilder text = new StringBuilder();
    int bytes = 0;
    for (var it = lines.descendingIterator(); it.hasNext(); ) {
      String line = it.next();
      int size = line.getBytes(StandardCharsets.UTF_8).length + (text.isEmpty() ? 0 : 1);
      if (bytes + size > maxBytes) {
        if (text.isEmpty()) {
          return endOf(line, maxBytes);
        }
        break;
      }
      text.insert(0, text.isEmpty() ? line : line + "\n");
      bytes += size;
    }
    return text.toString();
  }

  private static String endOf(String line, int maxBytes) {
    int start = line.length();
    int bytes = 0;
    while (start > 0) {
      int cp = line.codePointBefore(start);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      start -= Character.charCount(cp);
    }
    return line.substring(start);
  }
}
