package io.streamfleet.cli;

import io.streamfleet.model.Resources;
import io.streamfleet.model.api.CapacityView;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet capacity [--add-streams N --like ID]}. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
    description = "Capacity per resource and zone, how many node losses the cluster survives, and what-ifs.")
final class CapacityCommand implements Runnable {
  @Mixin ClientOptions client = new ClientOptions();
  @Mixin OutputOptions output = new OutputOptions();
  @Option(names = "--add-streams", paramLabel = "N", description = "What if N more streams were added ...")
  Integer addStreams;
  @Option(names = "--like", paramLabel = "STREAM", description = "... each like this existing stream (same requests and constraints).")
  String like;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    if ((addStreams == null) != (like == null)) {
      throw new CliException("--add-streams and --like go together, e.g. streamfleet capacity --add-streams 10 --like cam-3", 2);
    }
    CapacityView c = addStreams == null ? client.client().capacity() : client.client().capacity(addStreams, like);
    PrintWriter out = spec.commandLine().getOut();
    if (output.printedAsJson(out, c)) {
      return;
    }
    Table t = new Table("SCOPE", "NODES", "CPU cap", "CPU alloc", "CPU used", "CPU free", "MEM cap", "MEM alloc", "MEM free", "GPU free");
    row(t, "cluster", c.cluster());
    for (Map.Entry<String, CapacityView.Totals> z : c.zones().entrySet()) {
      row(t, "zone " + z.getKey(), z.getValue());
    }
    t.print(out);
    out.println();
    out.println("survives the loss of its " + c.survivesNodeLoss() + " largest node(s) with every stream still placed");
    c.survivesZoneLoss().forEach((zone, ok) -> out.println("losing zone " + zone + ": " + (ok ? "every stream still placed" : "some streams would wait")));
    if (!c.unplaceable().isEmpty()) {
      out.println("fit nowhere now: " + String.join(", ", c.unplaceable()));
    }
    if (c.whatIf() != null) {
      CapacityView.WhatIf w = c.whatIf();
      out.println();
      out.println("adding " + w.requested() + " stream(s) like " + w.like() + ": " + w.placeable() + " would be placed"
          + (w.reason() == null ? "" : "; the first that would not: " + w.reason())
          + (w.survivesNodeLossAfter() == null ? "" : "; afterwards the cluster survives the loss of " + w.survivesNodeLossAfter() + " largest node(s)"));
    }
  }

  private static void row(Table t, String scope, CapacityView.Totals x) {
    t.row(scope, x.nodes(), cpu(x.capacity()), cpu(x.allocated()), cpu(x.used()), cpu(x.headroom()), mem(x.capacity()),
        mem(x.allocated()), mem(x.headroom()), x.headroom() == null ? "-" : x.headroom().gpu());
  }

  private static String cpu(Resources r) {
    return r == null ? "-" : String.valueOf(r.cpuMillis());
  }

  private static String mem(Resources r) {
    return r == null ? "-" : String.valueOf(r.memoryMb());
  }
}
