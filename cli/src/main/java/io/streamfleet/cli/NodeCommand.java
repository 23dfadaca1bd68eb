package io.streamfleet.cli;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.Resources;
import io.streamfleet.model.api.NodeView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet node ls|show|cordon|uncordon|drain|rm}. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Nodes (machines running the agent).",
    subcommands = {NodeCommand.Ls.class, NodeCommand.Show.class, NodeCommand.Cordon.class, NodeCommand.Uncordon.class,
        NodeCommand.Drain.class, NodeCommand.Rm.class})
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
      for (NodeView n : nodes) {
        if (n.drain() != null && n.drain().stuck() != null) {
          out.println("node " + n.id() + " is " + n.drain().stuck());
        }
      }
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
      if (n.drain() != null) {
        out.println("drain:     " + drainLine(n.drain()));
      }
      if (n.drain() != null && n.drain().stuck() != null && !n.drain().stuck().equals(n.stateReason())) {
        out.println("stuck:     " + n.drain().stuck());
      }
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

  @Command(name = "uncordon", mixinStandardHelpOptions = true, description = "Let a cordoned or drained node take new streams again; this also ends a drain.")
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

  @Command(name = "drain", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Empty a node for maintenance: it takes no new streams and its streams move away make-before-break"
          + " (no gap), a few at a time. It is draining, then drained; uncordon ends the drain.",
          "Example: streamfleet node drain node-2 --max-parallel 4 --deadline 15m --wait"})
  static final class Drain implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID") String id;
    @Option(names = "--max-parallel", paramLabel = "N", description = "Streams moving at a time, 1 to 1000 (default "
        + io.streamfleet.model.Drain.DEFAULT_MAX_PARALLEL + ").") Integer maxParallel;
    @Option(names = "--deadline", paramLabel = "DURATION", description = "How long the drain may take, e.g. 600s, 10m, 1h (default 10m);"
        + " past it the node names the streams that could not leave.") String deadline;
    @Option(names = "--wait", description = "Wait until the node is drained; exit 1 if the drain gets stuck or ends first.") boolean waitForIt;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long --wait waits (default: the deadline and a minute);"
        + " the drain goes on after.") String timeout;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      Duration deadlineD = deadline == null ? Duration.ofMillis(io.streamfleet.model.Drain.DEFAULT_DEADLINE_MS)
          : DurationText.parse("--deadline", deadline);
      if (deadlineD.toSeconds() > Integer.MAX_VALUE) {
        throw new CliException("--deadline " + deadline + " is out of range; use at most a day (24h)", 2);
      }
      if (timeout != null && !waitForIt) {
        throw new CliException("--timeout only applies with --wait", 2);
      }
      Duration waitFor = timeout == null ? deadlineD.plusMinutes(1) : DurationText.parse("--timeout", timeout);
      StreamfleetClient c = client.client();
      NodeView n = c.drain(id, maxParallel, deadline == null ? null : (int) deadlineD.toSeconds());
      PrintWriter out = spec.commandLine().getOut();
      if (waitForIt && !done(n)) {
        if (!output.json()) {
          out.println(started(n, deadlineD));
          out.flush();
        }
        n = DrainWaiter.polling(c).awaitDrained(id, waitFor);
      }
      if (output.printedAsJson(out, n)) {
        return;
      }
      out.println(done(n) ? drained(n) : started(n, deadlineD));
    }

    private static boolean done(NodeView n) {
      return n.drain() != null && n.drain().done();
    }

    private static String started(NodeView n, Duration deadline) {
      return "node " + n.id() + " is " + n.state().wireName() + ": " + n.streams() + " stream(s) move away, at most "
          + (n.drain() == null ? "?" : n.drain().maxParallel()) + " at a time, within " + DurationText.format(deadline)
          + "; follow it with: streamfleet node show " + n.id();
    }

    private static String drained(NodeView n) {
      return "node " + n.id() + " is drained: nothing runs there; stop its agent for maintenance, then: streamfleet node uncordon " + n.id();
    }
  }

  /** {@code 2 at a time, started ..., deadline ...} and, once done, when it was drained. */
  static String drainLine(io.streamfleet.model.Drain d) {
    return "at most " + d.maxParallel() + " stream(s) at a time, started " + Instant.ofEpochMilli(d.startedMs()) + ", deadline "
        + Instant.ofEpochMilli(d.deadlineMs()) + (d.done() ? ", drained " + Instant.ofEpochMilli(d.drainedMs()) : "");
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
