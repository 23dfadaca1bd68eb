package io.streamfleet.agent.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small process beside the agent ({@code lease-watchdog.sh}, run by bash in its own session)
 * that SIGKILLs the process groups of exclusive exec processors when the agent's lease runs out.
 * The agent stops them itself too, but a frozen agent JVM cannot; the watchdog does not freeze
 * with it. It is fed every lease renewal as the time left, computed when the line is written, so
 * its deadline is never later than the agent's (which is never later than the leader's). It also
 * kills the guarded groups when its input ends, i.e. when the agent dies.
 *
 * <p>Writes go through one thread so a stuck pipe never blocks a heartbeat; if the watchdog died
 * it is started again and told the current lease and groups. Thread-safe. {@link #close()} ends
 * its input (call it after the agent stopped its processors).
 */
public final class LeaseWatchdog implements ExclusiveGuard, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseWatchdog.class);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Path script;
  private final LongSupplier monotonicMs;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("lease-watchdog").daemon().factory());
  private final Set<Long> groups = ConcurrentHashMap.newKeySet();
  private volatile long leaseUntilMs = Long.MIN_VALUE;
  private Process process;
  private OutputStream in;

  private LeaseWatchdog(Path script, LongSupplier monotonicMs) {
    this.script = script;
    this.monotonicMs = monotonicMs;
  }

  /**
   * Writes the script into {@code dataDir} and starts it.
   *
   * @param monotonicMs the clock the agent's lease is measured on
   */
  public static LeaseWatchdog start(Path dataDir, LongSupplier monotonicMs) throws IOException {
    Path script = dataDir.resolve(".lease-watchdog.sh");
    try (InputStream src = LeaseWatchdog.class.getResourceAsStream("lease-watchdog.sh")) {
      if (src == null) {
        throw new IOException("lease-watchdog.sh is missing from the agent's jar");
      }
      Files.copy(src, script, StandardCopyOption.REPLACE_EXISTING);
    }
    LeaseWatchdog w = new LeaseWatchdog(script, monotonicMs);
    synchronized (w) {
      w.launch();
    }
    return w;
  }

  private void launch() throws IOException {
    ProcessBuilder b = Files.isExecutable(SETSID)
        ? new ProcessBuilder(SETSID.toString(), "bash", script.toString())
        : new ProcessBuilder("bash", script.toString());
    Process p = b.redirectErrorStream(true).start();
    process = p;
    in = p.getOutputStream();
    Thread.ofVirtual().name("lease-watchdog-output").start(() -> logOutput(p));
    log.info("lease watchdog started (pid {})", process.pid());
  }

  private static void logOutput(Process p) {
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        log.warn("lease watchdog: {}", line);
      }
    } catch (IOException e) {
      log.debug("lease watchdog output closed: {}", e.getMessage());
    }
  }

  /** The lease now holds until {@code untilMs} on the agent's monotonic clock. */
  public void leaseUntil(long untilMs) {
    leaseUntilMs = untilMs;
    submit(() -> "lease " + Math.max(0, leaseUntilMs - monotonicMs.getAsLong()));
  }

  @Override
  public boolean leaseHolds() {
    return monotonicMs.getAsLong() < leaseUntilMs;
  }

  @Override
  public void guard(long pgid) {
    groups.add(pgid);
    submit(() -> "guard " + pgid);
  }

  @Override
  public void unguard(long pgid) {
    groups.remove(pgid);
    submit(() -> "unguard " + pgid);
  }

  /** The watchdog's pid (tests). */
  public synchronized long pid() {
    return process.pid();
  }

  private void submit(java.util.function.Supplier<String> line) {
    if (writer.isShutdown()) {
      return;
    }
    writer.execute(() -> write(line.get()));
  }

  private synchronized void write(String line) {
    try {
      if (!process.isAlive()) {
        log.error("the lease watchdog exited (code {}); starting it again", process.exitValue());
        launch();
        String restore = "lease " + Math.max(0, leaseUntilMs - monotonicMs.getAsLong()) + "\n";
        for (long g : groups) {
          restore += "guard " + g + "\n";
        }
        in.write(restore.getBytes(StandardCharsets.US_ASCII));
      }
      in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      in.flush();
    } catch (IOException e) {
      log.error("cannot reach the lease watchdog: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      try {
        in.close();
      } catch (IOException ignored) {
        // it is exiting anyway
      }
    }
  }
}
