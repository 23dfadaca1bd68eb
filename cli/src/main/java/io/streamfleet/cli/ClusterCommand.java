package io.streamfleet.cli;

import io.streamfleet.model.api.ClusterView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet cluster status}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Control-plane status.",
    subcommands = ClusterCommand.Status.class)
final class ClusterCommand {
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Servers, leader, term and object counts.")
  static final class Status implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      ClusterView c = client.client().cluster();
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, c)) {
        return;
      }
      out.println("cluster:  " + c.clusterId());
      out.println("leader:   " + (c.leader() == null ? "none (no quorum)" : c.leader()) + "   term " + c.term()
          + "   commit index " + c.commitIndex() + "   applied " + c.appliedIndex());
      ClusterView.Counts n = c.counts();
      out.println("nodes:    " + n.nodes() + " (" + n.nodesReady() + " ready)");
      out.println("streams:  " + n.streams() + " (" + n.streamsRunning() + " running, " + n.streamsPending() + " pending)");
      out.println("processors: " + n.processors());
      out.println();
      Table t = new Table("SERVER", "ADDRESS", "ROLE");
      c.servers().forEach(s -> t.row(s.id(), s.address(), s.id().equals(c.leader()) ? "leader" : s.role() == null ? "member" : s.role()));
      t.print(out);
    }
  }
}
