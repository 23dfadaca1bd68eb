package io.streamfleet.agent.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * A scriptable exec processor for tests, speaking the {@link StdoutProtocol}.
 *
 * <pre>
 * --stderr TEXT      write TEXT to stderr at start
 * --ready-after MS   print "ready" on stdout after MS
 * --events N         then print N event lines {"event":"fake","n":i}
 * --fps X            then print {"metrics":{"fps":X}} every second
 * --run-for MS       exit after MS from start (default: run until killed)
 * --exit-code N      exit code (default 0)
 * </pre>
 */
public final class FakeProcessor {
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      flags.put(args[i], args[i + 1]);
    }
    long start = System.nanoTime();
    long runFor = Long.parseLong(flags.getOrDefault("--run-for", "-1"));
    int exitCode = Integer.parseInt(flags.getOrDefault("--exit-code", "0"));
    if (flags.containsKey("--stderr")) {
      System.err.println(flags.get("--stderr"));
      System.err.flush();
    }
    if (flags.containsKey("--ready-after")) {
      Thread.sleep(Long.parseLong(flags.get("--ready-after")));
      System.out.println("ready");
    }
    int events = Integer.parseInt(flags.getOrDefault("--events", "0"));
    for (int i = 1; i <= events; i++) {
      System.out.println("{\"event\":\"fake\",\"n\":" + i + "}");
    }
    System.out.flush();
    String fps = flags.get("--fps");
    while (runFor < 0 || elapsedMillis(start) < runFor) {
      if (fps != null) {
        System.out.println("{\"metrics\":{\"fps\":" + fps + ",\"latency_ms\":12.5,\"frames_dropped\":2}}");
        System.out.flush();
      }
      long left = runFor < 0 ? 1000 : Math.min(1000, runFor - elapsedMillis(start));
      if (left > 0) {
        Thread.sleep(left);
      }
    }
    System.exit(exitCode);
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
