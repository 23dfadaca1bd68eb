package io.streamfleet.cli;

import io.streamfleet.model.api.RolloutView;
import io.streamfleet.model.rollout.RolloutAction;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code streamfleet rollout status|pause|resume|promote|revert}: a new processor version reaching
 * the streams that use it, a few at a time, each make-before-break. The leader paces it; an
 * operator pauses, resumes, promotes it past its canary, or reverts it.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = {"Processor rollouts: a new processor version (streamfleet processor set) reaching the streams that use it.",
        "Example: streamfleet rollout status motion"},
    subcommands = {RolloutCommand.Status.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class, RolloutCommand.Promote.class,
        RolloutCommand.Revert.class})
final class RolloutCommand {

  @Command(name = "status", mixinStandardHelpOptions = true, description = "List rollouts, newest first (a processor's only, when named).")
  static final class Status implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "PROCESSOR", arity = "0..1", description = "Only this processor's rollouts.") String processor;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<RolloutView> all = client.client().rollouts(processor);
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, all)) {
        return;
      }
      if (all.isEmpty()) {
        out.println("No rollouts" + (processor == null ? "" : " of " + processor) + ". One starts when a processor that streams use gets"
            + " a new version: streamfleet processor set NAME ...");
        return;
      }
      Table t = new Table("PROCESSOR", "VERSION", "FROM", "STATUS", "UPDATED/STREAMS", "IN-FLIGHT", "FAILURES", "REASON");
      for (RolloutView r : all) {
        t.row(r.processor(), r.version(), r.fromVersion(), r.status().wireName(), r.updated() + "/" + r.streams(), r.inFlight(),
            r.failures() + "/" + r.policy().maxFailures(), Table.truncate(r.reason(), 70));
      }
      t.print(out);
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Pause the processor's rollout: no new stream moves; those in flight finish.")
  static final class Pause extends Action {
    Pause() {
      super(RolloutAction.PAUSE);
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused rollout (its failure count starts again at 0).")
  static final class Resume extends Action {
    Resume() {
      super(RolloutAction.RESUME);
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true, description = "Let a rollout go on past its canary streams to all the others.")
  static final class Promote extends Action {
    Promote() {
      super(RolloutAction.PROMOTE);
    }
  }

  @Command(name = "revert", mixinStandardHelpOptions = true,
      description = "Revert the processor's rollout: its previous spec becomes current again, as a new version, and rolls out the same way.")
  static final class Revert extends Action {
    Revert() {
      super(RolloutAction.REVERT);
    }
  }

  /** One operator action on the processor's latest rollout; prints the rollout as it is afterwards. */
  abstract static class Action implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "PROCESSOR") String processor;
    @Spec CommandSpec spec;
    private final RolloutAction action;

    Action(RolloutAction action) {
      this.action = action;
    }

    @Override
    public void run() {
      RolloutView r = client.client().rolloutAction(processor, action);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, r)) {
        out.println(line(r));
      }
    }
  }

  /** {@code rollout of motion to version 3 is paused (paused by dev): 2/5 streams updated, 1 in flight}. */
  static String line(RolloutView r) {
    String revert = r.revertOf() > 0 ? "reverting version " + r.revertOf() : null;
    String why = r.reason() == null || r.reason().equals(revert) ? null : r.reason();
    return "rollout of " + r.processor() + " to version " + r.version() + (revert == null ? "" : " (" + revert + ")")
        + " is " + r.status().wireName() + (why == null ? "" : " (" + why + ")") + ": " + r.updated() + "/" + r.streams()
        + " streams updated, " + r.inFlight() + " in flight, " + r.failures() + " failed";
  }
}
