package io.streamfleet.agent.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts exec processors in their own process group and stops whole groups.
 *
 * <h2>Design</h2>
 *
 * The argv is prefixed with {@code setsid} (a new session and process group; started from a
 * non-leader child of the JVM, setsid execs in place, so the child's pid is its group id) and
 * {@code setpriv --pdeathsig KILL --} (the kernel kills the child when its parent goes, even by
 * {@code kill -9} of the agent). PR_SET_PDEATHSIG fires when the <em>thread</em> that forked the
 * child exits, so every launch runs on one long-lived platform thread owned by this launcher;
 * a launch from a virtual or pooled thread could kill the child as soon as that thread ends.
 * Without {@code setpriv} the launcher logs a warning and relies on {@link Orphans} alone. The
 * signal is armed only once setpriv runs, so an agent killed within the first milliseconds of a
 * launch can still leave that child behind; {@link Orphans} covers that gap too.
 *
 * <p>Thread-safe. {@link #close()} stops the launch thread, which fires PDEATHSIG for every
 * child still running: close only when the agent is done with all of them.
 */
public final class ProcessLauncher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Path KILL = Path.of("/usr/bin/kill");

  private final ExecutorService launchThread =
      Executors.newSingleThreadExecutor(task -> Thread.ofPlatform().name("exec-launcher").daemon(true).unstarted(task));
  private final boolean parentDeathSignal;
  private final Duration stopTimeout;

  public ProcessLauncher() {
    this(Duration.ofSeconds(5));
  }

  /** @param stopTimeout how long {@link #stopGroup} waits after SIGTERM before SIGKILL */
  public ProcessLauncher(Duration stopTimeout) {
    this.stopTimeout = stopTimeout;
    this.parentDeathSignal = Files.isExecutable(SETPRIV);
    if (!parentDeathSignal) {
      log.warn("{} is missing: exec processors will not die with the agent; install util-linux. "
          + "Orphans are still reaped at the next agent start.", SETPRIV);
    }
  }

  /**
   * Starts {@code command}. Stdout and stderr are pipes; stdin is empty.
   *
   * @throws IOException "cannot start 'prog': …" when the program does not exist or cannot run
   */
  public Process launch(ExecCommand command) throws IOException {
    checkRunnable(command);
    List<String> argv = new ArrayList<>();
    argv.add(SETSID.toString());
    if (parentDeathSignal) {
      argv.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    }
    argv.addAll(command.argv());
    ProcessBuilder builder = new ProcessBuilder(argv).directory(command.workingDir().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(command.env());
    Future<Process> started = launchThread.submit(builder::start);
    try {
      return awaitUninterruptibly(started);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new IOException("cannot start '" + command.program() + "': " + io.getMessage(), io);
      }
      throw new IOException("cannot start '" + command.program() + "': " + e.getCause(), e.getCause());
    }
  }

  /**
   * Waits for a launch even when interrupted: giving up early could leave a started child that
   * nobody knows about. The interrupt is kept for the caller; a launch takes milliseconds.
   */
  private static Process awaitUninterruptibly(Future<Process> started) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return started.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * SIGTERM to the whole group, up to the stop timeout for it to go, then SIGKILL. Returns when
   * no live process is left in the group, or after SIGKILL.
   */
  public void stopGroup(long pgid) throws InterruptedException {
    if (ProcStat.liveMembersOf(pgid).isEmpty()) {
      return;
    }
    killGroup(pgid, "TERM");
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ProcStat.liveMembersOf(pgid).isEmpty()) {
        return;
      }
      Thread.sleep(20);
    }
    log.warn("process group {} still running {} after SIGTERM; sending SIGKILL", pgid, stopTimeout);
    killGroup(pgid, "KILL");
  }

  /** Sends {@code signal} (a name such as TERM or KILL) to every process of group {@code pgid}. */
  public boolean killGroup(long pgid, String signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("process group " + pgid + " is not an exec processor's group");
    }
    try {
      Process kill = new ProcessBuilder(KILL.toString(), "-" + signal, "--", "-" + pgid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      log.warn("cannot run {} to signal group {}: {}", KILL, pgid, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether children die with the agent (setpriv was found). */
  public boolean parentDeathSignal() {
    return parentDeathSignal;
  }

  @Override
  public void close() {
    launchThread.shutdown();
  }

  /** Fails fast with a clear message, since setsid would otherwise start and exit with 127. */
  private static void checkRunnable(ExecCommand command) throws IOException {
    String program = command.program();
    if (program.contains("/")) {
      Path path = command.workingDir().resolve(program);
      if (!Files.exists(path)) {
        throw new IOException("cannot start '" + program + "': No such file or directory");
      }
      if (!Files.isExecutable(path) || Files.isDirectory(path)) {
        throw new IOException("cannot start '" + program + "': Permission denied (not an executable file)");
      }
      return;
    }
    String pathVar = command.env().getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    for (String dir : pathVar.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return;
      }
    }
    throw new IOException("cannot start '" + program + "': No such file or directory (searched PATH " + pathVar + ")");
  }
}
