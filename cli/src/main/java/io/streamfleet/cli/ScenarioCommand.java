package io.streamfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.ScenarioRequest;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.job.FfmpegCommand;
import io.streamfleet.model.job.FfmpegSettings;
import io.streamfleet.model.job.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamfleet scenario ls|show|put|rm}: the named FFmpeg workloads jobs run. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
    description = "FFmpeg job scenarios: named encode settings (e.g. 1080p30-h264) and the resources a job of one reserves.",
    subcommands = {ScenarioCommand.Ls.class, ScenarioCommand.Show.class, ScenarioCommand.Put.class, ScenarioCommand.Rm.class})
final class ScenarioCommand {
  private static final Pattern RESOLUTION = Pattern.compile("([0-9]+)x([0-9]+)");

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List scenarios.")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<Scenario> all = client.client().scenarios();
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, all)) {
        table(all).print(out);
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one scenario and the FFmpeg command its jobs run.")
  static final class Show implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "NAME") String name;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      Scenario s = client.client().scenario(name);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, s)) {
        print(out, s);
      }
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Create a scenario, or change one (a built-in one too).",
          "With flags only, an existing scenario keeps every field not given; with -f FILE the file is the whole scenario"
              + " (the output of `scenario show NAME -o json` works) and flags override its fields.",
          "Example: streamfleet scenario put 720p30-fast --resolution 1280x720 --fps 30 --codec libx264 --preset ultrafast"
              + " --bitrate 3M --duration-s 10 --cpu-millis 1500 --memory-mb 512"})
  static final class Put implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin FormatOption output = new FormatOption();
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.") String description;
    @Option(names = "--input", paramLabel = "URL", description = "What its jobs read (default lavfi:testsrc2, a generated test picture).") String input;
    @Option(names = "--duration-s", paramLabel = "SECONDS", description = "Seconds of video a job encodes.") Double durationS;
    @Option(names = "--codec", paramLabel = "NAME", description = "FFmpeg encoder, e.g. libx264, libx265, h264_nvenc.") String codec;
    @Option(names = "--resolution", paramLabel = "WxH", description = "Frame size, e.g. 1920x1080.") String resolution;
    @Option(names = "--fps", paramLabel = "N", description = "Frames per second.") Double fps;
    @Option(names = "--bitrate", paramLabel = "RATE", description = "Target bitrate, e.g. 5M or 15000k.") String bitrate;
    @Option(names = "--preset", paramLabel = "NAME", description = "Encoder preset, e.g. veryfast.") String preset;
    @Option(names = "--output", paramLabel = "discard|FILE", description = "discard (default) or a file name such as out.mp4.") String outputFile;
    @Option(names = "--cpu-millis", paramLabel = "N", description = "CPU a job reserves, in millicores.") Integer cpuMillis;
    @Option(names = "--memory-mb", paramLabel = "N", description = "Memory a job reserves, in MiB.") Integer memoryMb;
    @Option(names = "--gpu", paramLabel = "N", description = "Whole GPUs a job needs.") Integer gpu;
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The scenario as JSON ('-' reads stdin).") Path file;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      StreamfleetClient c = client.client();
      ScenarioRequest base = file != null ? fromFile() : existing(c);
      Scenario saved = c.putScenario(name, request(base));
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, saved)) {
        out.println("scenario " + saved.name() + " saved: " + (saved.settings() == null ? "" : JobViews.ffmpeg(saved.settings())));
      }
    }

    /** The body: {@code base} (the file, the existing scenario, or null) with each given flag applied. */
    ScenarioRequest request(ScenarioRequest base) {
      Integer width = null;
      Integer height = null;
      if (resolution != null) {
        Matcher m = RESOLUTION.matcher(resolution);
        if (!m.matches()) {
          throw new CliException("--resolution '" + resolution + "' is not WIDTHxHEIGHT; use e.g. 1920x1080", 2);
        }
        width = Integer.parseInt(m.group(1));
        height = Integer.parseInt(m.group(2));
      }
      ScenarioRequest.Settings s = base == null || base.settings() == null
          ? new ScenarioRequest.Settings(null, null, null, null, null, null, null, null, null) : base.settings();
      StreamRequest.ResourceRequest r = base == null ? null : base.resources();
      if (cpuMillis != null || memoryMb != null || gpu != null) {
        r = new StreamRequest.ResourceRequest(or(cpuMillis, r == null ? null : r.cpuMillis()), or(memoryMb, r == null ? null : r.memoryMb()),
            or(gpu, r == null ? null : r.gpu()), r == null ? null : r.accelerator());
      }
      ScenarioRequest.Settings settings = new ScenarioRequest.Settings(or(input, s.input()), or(durationS, s.durationS()),
          or(codec, s.codec()), or(width, s.width()), or(height, s.height()), or(fps, s.fps()), or(bitrate, s.bitrate()),
          or(preset, s.preset()), or(outputFile, s.output()));
      String desc = or(description, base == null ? null : base.description());
      if (base == null && settings.equals(new ScenarioRequest.Settings(null, null, null, null, null, null, null, null, null))) {
        throw new CliException("scenario " + name + " does not exist yet; give its settings (--codec, --resolution, --fps, --bitrate,"
            + " --preset, --duration-s, ...) or -f FILE", 2);
      }
      return new ScenarioRequest(desc, settings, r);
    }

    /** The file's scenario; its "name" (if any) must be this one, its "builtin" flag is the server's to say. */
    private ScenarioRequest fromFile() {
      JsonNode tree = BodyFiles.readTree(file);
      if (tree instanceof ObjectNode o) {
        JsonNode fileName = o.remove("name");
        if (fileName != null && !fileName.asText().equals(name)) {
          throw new CliException("-f " + file + " names scenario '" + fileName.asText() + "' but the command puts '" + name
              + "'; make them the same (or drop \"name\" from the file)", 2);
        }
        o.remove("builtin");
      }
      return BodyFiles.as(file, tree, ScenarioRequest.class);
    }

    /** The stored scenario as a request, so flags change only what they name; null when there is none yet. */
    private ScenarioRequest existing(StreamfleetClient c) {
      Scenario s;
      try {
        s = c.scenario(name);
      } catch (ApiCallException e) {
        if (e.status() == 404) {
          return null;
        }
        throw e;
      }
      FfmpegSettings f = s.settings();
      Resources r = s.resources();
      return new ScenarioRequest(s.description(),
          f == null ? null : new ScenarioRequest.Settings(f.input(), f.durationS() > 0 ? f.durationS() : null, f.codec(), f.width(),
              f.height(), f.fps(), f.bitrate(), f.preset(), f.output()),
          r == null ? null : new StreamRequest.ResourceRequest(r.cpuMillis(), r.memoryMb(), r.gpu(), r.accelerator()));
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete scenarios (jobs already submitted keep their settings).")
  static final class Rm implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "NAME", arity = "1..*") List<String> names;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      StreamfleetClient c = client.client();
      for (String name : names) {
        c.deleteScenario(name);
        spec.commandLine().getOut().println("scenario " + name + " deleted");
      }
    }
  }

  static Table table(List<Scenario> scenarios) {
    Table t = new Table("NAME", "RESOLUTION", "FPS", "CODEC", "BITRATE", "PRESET", "DURATION", "CPU", "BUILTIN");
    for (Scenario s : scenarios) {
      FfmpegSettings f = s.settings();
      t.row(s.name(), f == null ? null : f.resolution(), f == null || f.fps() == null ? null : JobViews.number(f.fps()),
          f == null ? null : f.codec(), f == null ? null : f.bitrate(), f == null ? null : f.preset(),
          f == null || f.durationS() <= 0 ? null : JobViews.number(f.durationS()) + "s",
          s.resources() == null ? null : s.resources().cpuMillis() + "m", s.builtin() ? "yes" : "no");
    }
    return t;
  }

  static void print(PrintWriter out, Scenario s) {
    out.println("name:        " + s.name() + (s.builtin() ? " (built-in)" : ""));
    if (s.description() != null) {
      out.println("description: " + s.description());
    }
    if (s.settings() != null) {
      out.println("settings:    " + JobViews.ffmpeg(s.settings()));
      out.println("command:     " + String.join(" ", FfmpegCommand.argv(s.settings())));
    }
    if (s.resources() != null) {
      out.println("resources:   " + JobViews.resources(s.resources()));
    }
  }

  private static <T> T or(T flag, T base) {
    return flag != null ? flag : base;
  }
}
