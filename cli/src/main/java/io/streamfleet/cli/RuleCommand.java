package io.streamfleet.cli;

import io.streamfleet.model.api.RuleStatusView;
import io.streamfleet.model.api.RuleView;
import io.streamfleet.model.rule.RuleRequest;
import io.streamfleet.model.rule.RuleSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamfleet rule add|ls|show|test|rm}: zone consensus rules (docs/events.md). */
@Command(name = "rule", mixinStandardHelpOptions = true,
    description = "Zone consensus rules: K cameras on M nodes agree within a window -> an MQTT action (a pump).",
    subcommands = {RuleCommand.Add.class, RuleCommand.Ls.class, RuleCommand.Show.class, RuleCommand.Test.class, RuleCommand.Rm.class})
final class RuleCommand {
  /** The rule's fields as flags (or -f FILE with the JSON body). */
  static final class RuleFlags {
    @Option(names = "--zone", description = "The zone whose cameras vote (cameras overlapping into it count).") String zone;
    @Option(names = "--spread-group", description = "Instead of --zone: the spread group whose cameras vote.") String spreadGroup;
    @Option(names = "--kind", description = "The processor event kind that votes, e.g. fire.") String kind;
    @Option(names = "--min-confidence", description = "Votes need at least this confidence, 0..1 (default 0).") Double minConfidence;
    @Option(names = "--cameras", description = "Distinct cameras that must agree (default 2).") Integer cameras;
    @Option(names = "--nodes", description = "Distinct nodes they must run on (default 2).") Integer nodes;
    @Option(names = "--window", description = "Seconds the votes must fall within (default 60).") Long windowSeconds;
    @Option(names = "--quorum-min-nodes", description = "Live zone nodes needed at least (default 2).") Integer quorumMinNodes;
    @Option(names = "--quorum-fraction", description = "Share of the zone's nodes that must be live (default 0.51).") Double quorumFraction;
    @Option(names = "--action-topic", description = "MQTT topic of the action, e.g. gpio/pump/pump-01.") String actionTopic;
    @Option(names = "--action-payload", description = "Message that starts it (default: the firing as JSON).") String actionPayload;
    @Option(names = "--stop-payload", description = "Message that ends it (default: none).") String stopPayload;
    @Option(names = "--cooldown", description = "Seconds after a firing before the next (default 300).") Long cooldownSeconds;
    @Option(names = "--max-action", description = "Seconds an action runs unless re-confirmed (default 600).") Long maxActionSeconds;
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The rule as JSON (POST /api/v1/rules body); '-' reads stdin.") Path file;

    RuleRequest request(String id) {
      if (file != null) {
        RuleRequest r = BodyFiles.read(file, RuleRequest.class);
        return id == null ? r : new RuleRequest(id, r.zone(), r.spreadGroup(), r.eventKind(), r.minConfidence(), r.minCameras(),
            r.minNodes(), r.windowSeconds(), r.quorumMinNodes(), r.quorumFraction(), r.actionTopic(), r.actionPayload(),
            r.stopPayload(), r.cooldownSeconds(), r.maxActionSeconds());
      }
      return new RuleRequest(id, zone, spreadGroup, kind, minConfidence, cameras, nodes, windowSeconds, quorumMinNodes, quorumFraction,
          actionTopic, actionPayload, stopPayload, cooldownSeconds, maxActionSeconds);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a rule, or replace the one with this id.")
  static final class Add implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Mixin RuleFlags flags = new RuleFlags();
    @Parameters(paramLabel = "ID", arity = "0..1") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      RuleView v = client.client().putRule(flags.request(id));
      if (!output.printedAsJson(spec.commandLine().getOut(), v)) {
        spec.commandLine().getOut().println("rule " + v.rule().id() + " saved: " + describe(v.rule()));
      }
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List rules with their state now.")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<RuleView> rules = client.client().rules();
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, rules)) {
        return;
      }
      Table t = new Table("ID", "WHERE", "KIND", "NEEDS", "STATE", "VOTES", "QUORUM", "FIRINGS", "ACTION");
      for (RuleView v : rules) {
        RuleSpec r = v.rule();
        RuleStatusView s = v.status();
        t.row(r.id(), r.zone() != null ? "zone " + r.zone() : "group " + r.spreadGroup(), r.eventKind(),
            r.minCameras() + " cams/" + r.minNodes() + " nodes/" + r.windowMs() / 1000 + "s", s.state(),
            s.cameras().size() + " cams/" + s.nodes().size() + " nodes", s.liveNodes().size() + "/" + s.quorumNeeded(),
            s.firings(), r.actionTopic());
      }
      t.print(out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A rule, its votes now, quorum and last firing.")
  static final class Show implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      RuleView v = client.client().rule(id);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, v)) {
        print(out, v);
      }
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = "Dry run: what a rule (the stored one, or given by flags/-f) would decide against the recent events.")
  static final class Test implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Mixin RuleFlags flags = new RuleFlags();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      RuleRequest request = flags.file == null && flags.kind == null && flags.zone == null && flags.spreadGroup == null
          ? stored(client.client().rule(id).rule()) : flags.request(id);
      RuleView v = client.client().testRule(request);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, v)) {
        print(out, v);
        out.println(switch (v.status().state()) {
          case "consensus" -> "would fire now";
          case "no_quorum" -> "would not fire: consensus, but too few live nodes in the zone";
          default -> "would not fire: not enough votes";
        });
      }
    }

    private static RuleRequest stored(RuleSpec r) {
      return new RuleRequest(r.id(), r.zone(), r.spreadGroup(), r.eventKind(), r.minConfidence(), r.minCameras(), r.minNodes(),
          r.windowMs() / 1000, r.quorumMinNodes(), r.quorumFraction(), r.actionTopic(), r.actionPayload(), r.stopPayload(),
          r.cooldownMs() / 1000, r.maxActionMs() / 1000);
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a rule (an active action ends).")
  static final class Rm implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      client.client().deleteRule(id);
      spec.commandLine().getOut().println("rule " + id + " deleted");
    }
  }

  static String describe(RuleSpec r) {
    return r.minCameras() + " cameras on " + r.minNodes() + " nodes in " + (r.zone() != null ? "zone " + r.zone() : "group " + r.spreadGroup())
        + " report " + r.eventKind() + (r.minConfidence() > 0 ? " >= " + r.minConfidence() : "") + " within " + r.windowMs() / 1000
        + " s -> " + r.actionTopic();
  }

  static void print(PrintWriter out, RuleView v) {
    RuleStatusView s = v.status();
    out.println("rule      " + v.rule().id() + ": " + describe(v.rule()));
    out.println("state     " + s.state() + (s.activeFiringId() == null ? "" : " (" + s.activeFiringId() + ")"));
    out.println("votes     " + s.votes() + " from cameras " + s.cameras() + " on nodes " + s.nodes());
    out.println("quorum    " + s.liveNodes().size() + " of " + s.zoneNodes().size() + " zone nodes live, " + s.quorumNeeded() + " needed");
    out.println("firings   " + s.firings() + (s.lastFiredMs() == null ? "" : ", last at " + java.time.Instant.ofEpochMilli(s.lastFiredMs())));
  }
}
