package io.streamfleet.scheduler;

/**
 * The label a node carries (value "allowed") when its agent runs an exec program, and that an
 * exec stream asks for: exec is a privilege each node grants, matched like any other label, and
 * named in the unplaceable reason when no node grants it.
 */
public final class ExecLabels {
  public static final String PREFIX = "streamfleet.exec:";

  private ExecLabels() {}

  public static String of(String program) {
    return PREFIX + program;
  }
}
