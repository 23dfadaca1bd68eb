package io.streamfleet.model;

import java.util.List;

/**
 * Which {@code exec} processors a node runs: none unless its agent was started with {@code
 * --allow-exec}; with {@code --allow-exec-program} only the programs listed (exact paths, as the
 * processor spec's command names them).
 */
public record ExecPolicy(boolean allowed, List<String> programs) {
  public static final ExecPolicy DENIED = new ExecPolicy(false, List.of());
  public static final ExecPolicy ANY = new ExecPolicy(true, List.of());

  public ExecPolicy {
    programs = programs == null ? List.of() : List.copyOf(programs);
  }

  /** Why this node will not run {@code program}, or null when it will. */
  public String refusal(String program) {
    if (!allowed) {
      return "this node does not run exec processors; start its agent with --allow-exec (or --allow-exec-program " + program + ")";
    }
    if (!programs.isEmpty() && !programs.contains(program)) {
      return "this node runs only the exec programs " + programs + ", not " + program + "; add --allow-exec-program " + program + " to its agent";
    }
    return null;
  }

  public static ExecPolicy orDenied(ExecPolicy p) {
    return p == null ? DENIED : p;
  }
}
