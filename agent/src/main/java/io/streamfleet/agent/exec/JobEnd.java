package io.streamfleet.agent.exec;

/** How a job attempt ended, and what that makes of the outcome's success, exit code and reason. */
public sealed interface JobEnd {
  boolean succeeded();

  /** The process's exit code; -1 when it never started or was killed. */
  int exitCode();

  /** Why it failed; empty when it succeeded. */
  String reason();

  /** The process exited by itself with {@code code}. */
  record Exited(int code) implements JobEnd {
    @Override
    public boolean succeeded() {
      return code == 0;
    }

    @Override
    public int exitCode() {
      return code;
    }

    @Override
    public String reason() {
      if (code == 0) {
        return "";
      }
      return "exit code " + code + switch (code) {
        // What a shell (sh -c '…', a script) returns when it cannot run a program.
        case 127 -> " (command not found: install the program on this node or fix the job's command)";
        case 126 -> " (the program is not executable: check its permissions)";
        // What Java reports for a process ended by a signal, e.g. the out-of-memory killer's KILL.
        default -> code > 128 && code < 128 + 65 ? " (killed by signal " + (code - 128) + ")" : "";
      };
    }
  }

  /** The attempt ran longer than {@code timeoutMs} and its process group was killed. */
  record TimedOut(long timeoutMs) implements JobEnd {
    @Override
    public boolean succeeded() {
      return false;
    }

    @Override
    public int exitCode() {
      return -1;
    }

    @Override
    public String reason() {
      String seconds = timeoutMs % 1000 == 0 ? Long.toString(timeoutMs / 1000) : Double.toString(timeoutMs / 1000.0);
      return "timed out after " + seconds + " s";
    }
  }

  /** The attempt failed without an exit code of its own (the program could not be started); {@code why} says why. */
  record Failed(String why) implements JobEnd {
    @Override
    public boolean succeeded() {
      return false;
    }

    @Override
    public int exitCode() {
      return -1;
    }

    @Override
    public String reason() {
      return why;
    }
  }
}
