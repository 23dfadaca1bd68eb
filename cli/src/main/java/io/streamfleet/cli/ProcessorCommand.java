package io.streamfleet.cli;

import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Readiness;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.UpdatePolicy;
import io.streamfleet.model.api.ProcessorWriteResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet processor ls|show|set|rm}. */
@Command(name = "processor", mixinStandardHelpOptions = true, description = "Processor specs: how streams are processed.",
    subcommands = {ProcessorCommand.Ls.class, ProcessorCommand.Show.class, ProcessorCommand.Set.class, ProcessorCommand.Rm.class})
final class ProcessorCommand {

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List processor specs.")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<ProcessorSpec> all = client.client().processors();
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, all)) {
        return;
      }
      Table t = new Table("NAME", "VERSION", "DRIVER", "RUNS", "CPU", "MEM MiB");
      for (ProcessorSpec p : all) {
        String runs = p.builtin() != null ? p.builtin() : String.join(" ", p.command());
        t.row(p.name(), p.version(), p.driver().wireName(), Table.truncate(runs, 60), p.resources().cpuMillis(), p.resources().memoryMb());
      }
      t.print(out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one processor spec (as JSON: a spec is structured).")
  static final class Show implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "NAME") String name;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      OutputOptions.printJson(spec.commandLine().getOut(), client.client().processor(name));
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Create a processor spec, or store a new version of it.",
          "Examples:",
          "  streamfleet processor set recorder --exec 'ffmpeg -i {stream.url} -c copy -f segment {data.dir}/{stream.id}-%%03d.mp4'",
          "  streamfleet processor set motion-hd --builtin motion --cpu-millis 800",
          "  streamfleet processor set motion --builtin motion --cpu-millis 300 --max-parallel 5 --canary 2",
          "A new version of a spec streams use rolls out to them, make-before-break; the --max-parallel ...",
          "options set how (the spec's update policy; defaults in docs/operations.md)."})
  static final class Set implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME") String name;

    static final class Driver {
      @Option(names = "--builtin", paramLabel = "NAME", description = "A builtin processor: motion, synthetic.")
      String builtin;

      @Option(names = "--exec", paramLabel = "COMMAND", description = "A command template, split on spaces (quote with ' or \"). Placeholders: {stream.id} {stream.url} {epoch} {node.id} {data.dir} {param.NAME}.")
      String exec;

      @Option(names = {"-f", "--file"}, description = "The spec as JSON from FILE ('-' for stdin).")
      Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Driver driver;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Environment for exec processors (repeatable).")
    Map<String, String> env;

    @Option(names = "--workdir", description = "Working directory for exec processors.")
    String workdir;

    @Option(names = "--ready-pattern", paramLabel = "REGEX", description = "Ready when a stdout line matches.")
    String readyPattern;

    @Option(names = "--ready-delay-ms", description = "Ready this long after start.")
    Long readyDelayMs;

    @Option(names = "--cpu-millis", description = "Default CPU request of streams using it.")
    Integer cpuMillis;

    @Option(names = "--memory-mb", description = "Default memory request of streams using it.")
    Integer memoryMb;

    @Option(names = "--description") String description;

    @Option(names = "--max-parallel", paramLabel = "N", description = "Rollout: streams updated at a time (default 1).")
    Integer maxParallel;

    @Option(names = "--min-healthy", paramLabel = "DURATION", description = "Rollout: how long an updated stream must run before"
        + " the next ones go (default 10s).")
    String minHealthy;

    @Option(names = "--canary", paramLabel = "N", description = "Rollout: update N streams first, then wait for"
        + " `streamfleet rollout promote` (default 0: no canary).")
    Integer canary;

    @Option(names = "--auto-revert", negatable = true, description = "Rollout: revert by itself when more than --max-failures"
        + " updated streams fail (default on; --no-auto-revert pauses instead).")
    Boolean autoRevert;

    @Option(names = "--max-failures", paramLabel = "N", description = "Rollout: failed updates tolerated (default 0).")
    Integer maxFailures;

    @Option(names = "--ready-deadline", paramLabel = "DURATION", description = "Rollout: how long a new instance may take to be"
        + " ready before the update of its stream counts as failed (default 60s).")
    String readyDeadline;

    @Override
    public void run() {
      ProcessorRequest r;
      if (driver.file != null) {
        r = BodyFiles.read(driver.file, ProcessorRequest.class);
      } else {
        Readiness readiness = readyPattern != null ? new Readiness("stdout", readyPattern, null)
            : readyDelayMs != null ? new Readiness("delay", null, readyDelayMs) : null;
        StreamRequest.ResourceRequest res = cpuMillis == null && memoryMb == null ? null
            : new StreamRequest.ResourceRequest(cpuMillis, memoryMb, null, null);
        r = new ProcessorRequest(null, driver.builtin != null ? "builtin" : "exec", driver.builtin,
            driver.exec == null ? null : split(driver.exec), env, workdir, readiness, res, description, update());
      }
      ProcessorWriteResult w = client.client().putProcessor(name, r);
      spec.commandLine().getOut().println("processor " + w.name() + " is at version " + w.version() + (w.changed() ? "" : " (unchanged)")
          + (w.rollout() == null ? "" : "; its rollout to " + w.rollout().streams() + " stream(s) started, "
              + w.rollout().policy().maxParallel() + " at a time: streamfleet rollout status " + w.name()));
    }

    /** The update policy the rollout options ask for; null (the server's defaults) when none is given. */
    private UpdatePolicy.Request update() {
      if (maxParallel == null && minHealthy == null && canary == null && autoRevert == null && maxFailures == null && readyDeadline == null) {
        return null;
      }
      return new UpdatePolicy.Request(maxParallel, minHealthy == null ? null : DurationText.parse("--min-healthy", minHealthy).toMillis(),
          canary, autoRevert, maxFailures, readyDeadline == null ? null : DurationText.parse("--ready-deadline", readyDeadline).toMillis());
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a processor spec no stream uses.")
  static final class Rm implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "NAME") String name;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      client.client().deleteProcessor(name);
      spec.commandLine().getOut().println("processor " + name + " removed");
    }
  }

  /** Splits a command line on whitespace; single or double quotes group words. */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new CliException("--exec has an unclosed " + quote + " quote", 2);
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }
}
