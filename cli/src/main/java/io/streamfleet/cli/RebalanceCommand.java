package io.streamfleet.cli;

import io.streamfleet.model.api.RebalanceView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet rebalance [--dry-run] [--max-moves K]}. */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
    description = "Even out the load with a bounded number of moves (stop-then-start for now).")
final class RebalanceCommand implements Runnable {
  @Mixin ClientOptions client = new ClientOptions();
  @Mixin OutputOptions output = new OutputOptions();
  @Option(names = "--dry-run", description = "Show the moves without making them.")
  boolean dryRun;
  @Option(names = "--max-moves", paramLabel = "K", description = "At most this many moves (default: ${DEFAULT-VALUE}).")
  int maxMoves = 10;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    RebalanceView r = client.client().rebalance(maxMoves, dryRun);
    PrintWriter out = spec.commandLine().getOut();
    if (output.printedAsJson(out, r)) {
      return;
    }
    if (r.moves().isEmpty()) {
      out.printf("Balanced enough: imbalance %.3f; no move would improve it beyond the hysteresis band.%n", r.imbalanceBefore());
      return;
    }
    Table t = new Table("STREAM", "FROM", "TO");
    r.moves().forEach(m -> t.row(m.stream(), m.from(), m.to()));
    t.print(out);
    out.printf("%s %d move(s); imbalance %.3f -> %.3f%n", r.dryRun() ? "Would make" : "Made", r.moves().size(),
        r.imbalanceBefore(), r.imbalanceAfter());
  }
}
