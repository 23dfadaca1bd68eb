package io.streamfleet.cli;

import io.streamfleet.model.Resources;
import io.streamfleet.model.api.NodeView;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet node ls|show|cordon|uncordon|rm}. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Nodes (machines running the agent).",
    subcommands = {NodeCommand.Ls.class, NodeCommand.Show.class, NodeCommand.Cordon.class, NodeCommand.Uncordon.class,
        NodeCommand.Rm.class})
final class NodeCommand {
  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List nodes.")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<NodeView> nodes = client.client().nodes();
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, nodes)) {
        return;
      }
      if (nodes.isEmpty()) {
        out.println("No nodes have registered yet. Start an agent on each machine (streamfleet agent --servers HOST:7070 --node-id NAME).");
        return;
      }
      Table t = new Table("ID", "KIND", "STATE", "ZONE", "CLASS", "CPU(alloc/cap)", "MEM MiB(alloc/cap)", "STREAMS", "JOBS", "HEARTBEAT");
      for (NodeView n : nodes) {
        t.row(n.id(), n.kind() == null ? "agent" : n.kind(), n.state().wireName(), n.zone(), n.nodeClass(), pair(n.allocated(), n.capacity(), true),
            pair(n.allocated(), n.capacity(), false), n.streams(), n.jobs(),
            n.lastHeartbeatMsAgo() == null ? "-" : n.lastHeartbeatMsAgo() + " ms ago");
      }
      t.print(out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one node.")
  static final class Show implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      NodeView n = client.client().node(id);
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, n)) {
        return;
      }
      out.println("id:        " + n.id());
      out.println("state:     " + n.state().wireName() + (n.stateReason() == null ? "" : " (" + n.stateReason() + ")"));
      out.println("zone:      " + n.zone());
      out.println("class:     " + n.nodeClass());
      out.println("labels:    " + n.labels());
      out.println("cpu:       " + pair(n.allocated(), n.capacity(), true) + " millicores allocated/capacity");
      out.println("memory:    " + pair(n.allocated(), n.capacity(), false) + " MiB allocated/capacity");
      out.println("streams:   " + n.streams());
      if (n.usage() != null) {
        out.printf("usage:     cpu %.1f%%, memory %.1f%%%n", n.usage().cpuPercent(), n.usage().memoryPercent());
      }
    }
  }

  @Command(name = "cordon", mixinStandardHelpOptions = true, description = "Take a node out of scheduling: it keeps its streams, takes no new ones.")
  static final class Cordon implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      NodeView n = client.client().cordon(id, true);
      spec.commandLine().getOut().println("node " + n.id() + " is " + n.state().wireName() + "; it keeps its " + n.streams() + " stream(s)");
    }
  }

  @Command(name = "uncordon", mixinStandardHelpOptions = true, description = "Let a cordoned node take new streams again.")
  static final class Uncordon implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      NodeView n = client.client().cordon(id, false);
      spec.commandLine().getOut().println("node " + n.id() + " is " + n.state().wireName());
    }
  }

  static String pair(Resources allocated, Resources capacity, boolean cpu) {
    if (capacity == null) {
      return "-";
    }
    int a = allocated == null ? 0 : cpu ? allocated.cpuMillis() : allocated.memoryMb();
    int c = cpu ? capacity.cpuMillis() : capacity.memoryMb();
    return a + "/" + c;
  }

  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Remove a node that has no streams; its certificates stop working (join it again with a new token).")
  static final class Rm implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      client.client().removeNode(id);
      spec.commandLine().getOut().println("node " + id + " removed");
    }
  }
}
