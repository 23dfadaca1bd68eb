package io.streamfleet.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happened in one run, in order: every event the loop ran and every notable effect (a command
 * applied, an instance started or stopped). Two runs of the same seed must produce the same
 * {@link #hash()}; the last {@value #KEPT} entries are kept for failure reports.
 *
 * <p>The hash uses only strings and numbers (never a protobuf {@code hashCode}, which depends on
 * object identity), so it is the same in every JVM.
 */
final class Trace {
  static final int KEPT = 60;

  private record Entry(long atMs, String what, String who) {
    String format(long t0) {
      return String.format(Locale.ROOT, "%9.3f s  %-22s %s", (atMs - t0) / 1000.0, what, who);
    }
  }

  private final long t0;
  private final boolean echo;
  private final Entry[] recent = new Entry[KEPT];
  private long count;
  private long hash = 0xcbf29ce484222325L;

  /**
   * @param t0 the simulation's start time; entries show times relative to it
   * @param echo print every entry as it happens (for following one seed by eye)
   */
  Trace(long t0, boolean echo) {
    this.t0 = t0;
    this.echo = echo;
  }

  /** An event ran ({@code what}: a constant label, {@code who}: a node or "leader"). */
  void event(long atMs, String what, String who) {
    add(new Entry(atMs, what, who));
  }

  /** An effect of the current event, in words. */
  void note(long atMs, String text) {
    add(new Entry(atMs, "  ·", text));
  }

  private void add(Entry e) {
    hash = mix(mix(mix(hash, e.atMs), e.what.hashCode()), e.who.hashCode());
    recent[(int) (count++ % KEPT)] = e;
    if (echo) {
      System.out.println(e.format(t0));
    }
  }

  private static long mix(long h, long value) {
    return (h ^ value) * 0x100000001b3L;
  }

  long hash() {
    return hash;
  }

  long entries() {
    return count;
  }

  /** The last entries, oldest first, formatted one per line. */
  List<String> tail() {
    List<String> out = new ArrayList<>();
    for (long i = Math.max(0, count - KEPT); i < count; i++) {
      out.add(recent[(int) (i % KEPT)].format(t0));
    }
    return out;
  }
}
