package io.streamfleet.agent.hardware;

/**
 * The fields of one {@code /proc/PID/stat} line that usage sampling needs.
 *
 * <p>The line is "pid (comm) state ppid ...", and comm is whatever the program called itself: it
 * may hold spaces and parentheses, as in {@code "12 (my proc) x) S 1 ..."}. Splitting on spaces
 * therefore misreads it; the fields are counted from the <em>last</em> ')' instead, which the
 * kernel guarantees closes comm.
 *
 * @param pid the process id
 * @param name the command name (comm), at most 15 characters on Linux
 * @param ppid the parent's process id
 * @param cpuTicks user + system CPU time of all its threads, in clock ticks (children that have
 *     exited and been waited for are not included)
 * @param startTicks when it started, in clock ticks after boot; with pid it identifies the
 *     process even after its pid is reused
 */
record ProcessStat(long pid, String name, long ppid, long cpuTicks, long startTicks) {

  /** A process that stays the same process across samples, unlike a bare pid. */
  record Identity(long pid, long startTicks) {}

  // Positions counted from the first field after ')': field 3 (state) is 0.
  private static final int PPID = 1, UTIME = 11, STIME = 12, STARTTIME = 19;

  static ProcessStat parse(String statLine) {
    int open = statLine.indexOf('(');
    int close = statLine.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc/PID/stat line (no \"(comm)\"): " + statLine);
    }
    String[] fields = statLine.substring(close + 1).strip().split("\\s+");
    if (fields.length <= STARTTIME) {
      throw new IllegalArgumentException(
          "/proc/PID/stat line has " + fields.length + " fields after comm; expected at least "
              + (STARTTIME + 1) + ": " + statLine);
    }
    return new ProcessStat(
        Long.parseLong(statLine.substring(0, open).strip()),
        statLine.substring(open + 1, close),
        Long.parseLong(fields[PPID]),
        Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]),
        Long.parseLong(fields[STARTTIME]));
  }

  Identity identity() {
    return new Identity(pid, startTicks);
  }
}
