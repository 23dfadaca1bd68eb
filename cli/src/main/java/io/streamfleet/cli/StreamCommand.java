package io.streamfleet.cli;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.Handover;
import io.streamfleet.model.MoveFailure;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.StreamStatus;
import io.streamfleet.model.api.StreamView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet stream add|ls|show|rm}. */
@Command(name = "stream", mixinStandardHelpOptions = true, description = "Streams: a video source and how to process it.",
    subcommands = {StreamCommand.Add.class, StreamCommand.Ls.class, StreamCommand.Show.class, StreamCommand.Rm.class})
final class StreamCommand {

  @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Add a stream.", "Example: streamfleet stream add cam-1 --url 'synthetic://cam-1?fps=10'"})
  static final class Add implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "Stream id (or give it in the -f file).")
    String id;

    @Option(names = "--url", description = "Source: rtsp://, rtsps://, http(s)://, file:// or synthetic://NAME?fps=N&width=W&height=H")
    String url;

    @Option(names = "--processor", description = "Processor name (default: motion).")
    String processor;

    @Option(names = "--zone", description = "Zone the camera is in.")
    String zone;

    @Option(names = "--cpu-millis", description = "CPU request in millicores (default: the processor's).")
    Integer cpuMillis;

    @Option(names = "--memory-mb", description = "Memory request in MiB (default: the processor's).")
    Integer memoryMb;

    @Option(names = "--gpu", description = "Whole GPUs required.")
    Integer gpu;

    @Option(names = "--accelerator", description = "Accelerator kind required (hailo, coral, ...).")
    String accelerator;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
    Map<String, String> labels;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A processor parameter (repeatable).")
    Map<String, String> params;

    @Option(names = "--priority", description = "0 (lowest) to 100 (highest), default 50.")
    Integer priority;

    @Option(names = "--handover", description = "overlap (default) or exclusive.")
    String handover;

    @Option(names = "--spread-group", description = "Streams of one group go to different nodes.")
    String spreadGroup;

    @Option(names = "--overlap-zone", paramLabel = "ZONE", description = "A further zone the stream may run in when its own has no room (repeatable; '*' = any zone).")
    java.util.List<String> overlapZones;

    @Option(names = "--node-selector", paramLabel = "KEY=VALUE", description = "A label a node must carry to run the stream (repeatable).")
    Map<String, String> nodeSelector;

    @Option(names = {"-f", "--file"}, description = "Read the stream as JSON from FILE ('-' for stdin); flags override its fields.")
    Path file;

    @Override
    public void run() {
      StreamRequest base = file == null ? null : BodyFiles.read(file, StreamRequest.class);
      StreamRequest r = merge(base);
      if (r.id() == null) {
        throw new CliException("a stream id is required: streamfleet stream add ID --url URL", 2);
      }
      if (r.url() == null) {
        throw new CliException("--url is required, e.g. --url 'synthetic://" + r.id() + "?fps=10' or --url rtsp://camera/stream", 2);
      }
      StreamView created = client.client().createStream(r);
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        OutputOptions.printJson(out, created);
      } else {
        out.println("stream " + created.id() + " added (" + created.status().state().wireName()
            + (created.status().reason() == null ? "" : ": " + created.status().reason()) + ")");
      }
    }

    private StreamRequest merge(StreamRequest b) {
      StreamRequest.ResourceRequest res = b == null ? null : b.resources();
      if (cpuMillis != null || memoryMb != null || gpu != null || accelerator != null) {
        res = new StreamRequest.ResourceRequest(
            cpuMillis != null ? cpuMillis : res == null ? null : res.cpuMillis(),
            memoryMb != null ? memoryMb : res == null ? null : res.memoryMb(),
            gpu != null ? gpu : res == null ? null : res.gpu(),
            accelerator != null ? accelerator : res == null ? null : res.accelerator());
      }
      String proc = processor != null ? processor : b != null && b.processor() != null ? b.processor() : "motion";
      return new StreamRequest(
          id != null ? id : b == null ? null : b.id(),
          url != null ? url : b == null ? null : b.url(),
          proc,
          zone != null ? zone : b == null ? null : b.zone(),
          res,
          labels != null ? labels : b == null ? null : b.labels(),
          priority != null ? priority : b == null ? null : b.priority(),
          handover != null ? handover : b == null ? null : b.handover(),
          spreadGroup != null ? spreadGroup : b == null ? null : b.spreadGroup(),
          params != null ? params : b == null ? null : b.params(),
          overlapZones != null ? overlapZones : b == null ? null : b.overlapZones(),
          nodeSelector != null ? nodeSelector : b == null ? null : b.nodeSelector());
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List streams.")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<StreamView> streams = client.client().streams();
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, streams)) {
        return;
      }
      if (streams.isEmpty()) {
        out.println("No streams. Add one: streamfleet stream add cam-1 --url 'synthetic://cam-1?fps=10'");
        return;
      }
      Table t = new Table("ID", "STATE", "NODE", "EPOCH", "PROCESSOR", "VERSION", "MOVING", "URL", "REASON");
      for (StreamView s : streams) {
        StreamStatus st = s.status();
        Handover h = st.handover();
        t.row(s.id(), st.state().wireName(), st.node(), st.epoch(), s.processor(), st.version(),
            h == null ? null : "to " + h.toNode() + " (" + h.purpose() + ")", Table.truncate(s.url(), 40), Table.truncate(st.reason(), 60));
      }
      t.print(out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one stream.")
  static final class Show implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      StreamView s = client.client().stream(id);
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, s)) {
        return;
      }
      StreamStatus st = s.status();
      out.println("id:         " + s.id());
      out.println("url:        " + s.url());
      out.println("processor:  " + s.processor());
      out.println("zone:       " + (s.zone() == null ? "-" : s.zone()));
      out.println("resources:  " + s.resources().cpuMillis() + " cpu_millis, " + s.resources().memoryMb() + " MiB"
          + (s.resources().gpu() > 0 ? ", " + s.resources().gpu() + " gpu" : "")
          + (s.resources().accelerator() != null ? ", accelerator " + s.resources().accelerator() : ""));
      out.println("priority:   " + s.priority() + "   handover: " + s.handover().wireName()
          + (s.spreadGroup() == null ? "" : "   spread group: " + s.spreadGroup()));
      if (!s.labels().isEmpty()) {
        out.println("labels:     " + s.labels());
      }
      if (!s.params().isEmpty()) {
        out.println("params:     " + s.params());
      }
      out.println("generation: " + s.generation());
      out.println("state:      " + st.state().wireName() + (st.node() == null ? "" : " on " + st.node()) + ", epoch " + st.epoch()
          + (st.version() == null ? "" : ", processor version " + st.version()));
      if (st.reason() != null) {
        out.println("reason:     " + st.reason());
      }
      if (st.handover() != null) {
        out.println("moving:     " + moving(st.handover()));
      }
      if (st.lastFailedMove() != null) {
        out.println("last move:  " + failed(st.lastFailedMove()));
      }
      if (st.fps() != null) {
        out.printf("fps:        %.1f%n", st.fps());
      }
      if (st.frames() != null) {
        StreamStatus.FrameStats f = st.frames();
        out.printf("frames:     %d processed, %d dropped, latency p50 %.1f ms, p99 %.1f ms%n", f.processed(), f.dropped(),
            f.latencyMsP50(), f.latencyMsP99());
        out.println("camera:     " + f.reconnects() + " reconnect(s)" + (f.decoder() == null ? "" : ", decoding: " + f.decoder()));
      }
      out.println("restarts:   " + st.restarts());
    }
  }

  /** The move in flight: where to, why, and how far. */
  static String moving(Handover h) {
    return "to " + h.toNode() + " at epoch " + h.epoch() + " (" + h.purpose() + ", processor version " + h.version() + "), new instance "
        + h.state().wireName() + "; given up unless ready by " + Instant.ofEpochMilli(h.deadlineMs());
  }

  /** The last move given up: where it went, why it failed, and when the next may start. */
  static String failed(MoveFailure f) {
    return f.purpose() + " to " + f.toNode() + " (epoch " + f.epoch() + ") given up at " + Instant.ofEpochMilli(f.atMs()) + ": " + f.reason()
        + "; next try after " + Instant.ofEpochMilli(f.retryAfterMs());
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove streams.")
  static final class Rm implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      StreamfleetClient c = client.client();
      for (String id : ids) {
        c.deleteStream(id);
        spec.commandLine().getOut().println("stream " + id + " removed");
      }
    }
  }
}
