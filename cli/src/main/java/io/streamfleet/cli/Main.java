package io.streamfleet.cli;

import io.streamfleet.client.ApiCallException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code streamfleet}: the one binary. Exit codes: 0 success, 1 error (the server said no, or
 * could not be reached), 2 usage error.
 */
@Command(
    name = "streamfleet",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Runs live camera-stream processors over a cluster of machines and keeps them running.",
    subcommands = {
      DevCommand.class,
      ServerCommand.class,
      AgentCommand.class,
      ClusterCommand.class,
      NodeCommand.class,
      StreamCommand.class,
      ProcessorCommand.class,
      RolloutCommand.class,
      CapacityCommand.class,
      RebalanceCommand.class,
      TokenCommand.class,
      CaCommand.class,
      EventsCommand.class,
      RuleCommand.class,
      WebhookCommand.class,
      JobCommand.class,
      ScenarioCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    LogSetup.configureFromArgs(args);
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (code != ServerCommand.KEEP_RUNNING) {
      System.exit(code);
    }
  }

  /** Runs one command line with the given output streams; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ApiCallException a) {
        commandLine.getErr().println("error: " + a.getMessage());
        a.details().forEach(d -> commandLine.getErr().println("  " + d.field() + ": " + d.message()));
        return 1;
      }
      if (e instanceof CliException c) {
        commandLine.getErr().println("error: " + c.getMessage());
        return c.exitCode();
      }
      commandLine.getErr().println("error: " + e);
      return 1;
    });
    return cmd.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
