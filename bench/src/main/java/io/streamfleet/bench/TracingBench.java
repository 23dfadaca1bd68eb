package io.streamfleet.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tracing costs a write (docs/benchmarks.md, "Tracing"): N sequential {@code POST /streams}
 * (each answered after its Raft commit) against three servers started from the runnable jar:
 *
 * <ol>
 *   <li>the baseline: a jar built before tracing existed (no spans at all);
 *   <li>this build without {@code --otlp-endpoint} (the default: spans made for the logs' trace ids, dropped);
 *   <li>this build exporting to an OTLP/HTTP receiver in this process (which reads and acknowledges each export).
 * </ol>
 *
 * Each server gets 200 warm-up writes first. The three run one after another, twice, so that a
 * drift of the machine shows as a difference between the rounds.
 *
 * Usage: TracingBench JAR BASELINE_JAR [N=1000]
 */
public final class TracingBench {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path baseline = Path.of(args[1]).toAbsolutePath();
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    Path work = Files.createTempDirectory("streamfleet-tracing-bench");
    AtomicLong exports = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/v1/traces", exchange -> {
      try (exchange) {
        bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
        exports.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
      }
    });
    receiver.start();
    String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort();
    System.out.printf("machine: %d cores, Java %s; N=%d sequential writes per case, 200 warm-up%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), n);
    for (int round = 1; round <= 2; round++) {
      run("round " + round + " baseline (no tracing)       ", baseline, work.resolve("base-" + round), n);
      run("round " + round + " spans, not exported         ", jar, work.resolve("local-" + round), n);
      long before = exports.get();
      long bytesBefore = bytes.get();
      run("round " + round + " spans exported over OTLP    ", jar, work.resolve("otlp-" + round), n, "--otlp-endpoint", endpoint);
      System.out.printf("  the receiver took %d exports, %d KiB%n", exports.get() - before, (bytes.get() - bytesBefore) / 1024);
    }
    receiver.stop(0);
  }

  private static void run(String label, Path jar, Path dir, int n, String... extra) throws Exception {
    try (BenchServer s = new BenchServer(jar, dir, extra)) {
      s.start();
      System.out.println(label + "POST /streams: " + s.streamWriteLatencies(n));
    }
  }
}
