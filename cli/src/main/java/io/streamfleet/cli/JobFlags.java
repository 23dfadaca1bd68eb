package io.streamfleet.cli;

import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.job.JobRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * A job's fields as {@code job submit} flags. Over a {@code -f} body, each flag that is given
 * replaces that field (maps merge key by key); without one, the flags are the whole request. The
 * server checks the values; here only what cannot be sent at all is refused (exit 2).
 */
final class JobFlags {
  private static final Pattern RESOLUTION = Pattern.compile("[0-9]+x[0-9]+");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+");

  @Option(names = "--scenario", paramLabel = "NAME", description = "FFmpeg scenario to run, e.g. 1080p30-h264 (list: streamfleet scenario ls).")
  String scenario;

  @Option(names = "--processor", paramLabel = "NAME", description = "Instead of --scenario: an exec processor to run once over --input.")
  String processor;

  @Option(names = "--input", paramLabel = "URL", description = "What to read: a URL, a file, or lavfi:SOURCE (default for scenarios: lavfi:testsrc2).")
  String input;

  @Option(names = "--duration-s", paramLabel = "SECONDS", description = "Seconds of video to encode (default: the scenario's).")
  Double durationS;

  @Option(names = "--codec", paramLabel = "NAME", description = "FFmpeg encoder, e.g. libx264, libx265, h264_nvenc.")
  String codec;

  @Option(names = "--resolution", paramLabel = "WxH", description = "Frame size, e.g. 1920x1080.")
  String resolution;

  @Option(names = "--fps", paramLabel = "N", description = "Frames per second.")
  Double fps;

  @Option(names = "--bitrate", paramLabel = "RATE", description = "Target bitrate in bits per second with an optional k or M, e.g. 5M.")
  String bitrate;

  @Option(names = "--preset", paramLabel = "NAME", description = "Encoder preset, e.g. veryfast.")
  String preset;

  @Option(names = "--output", paramLabel = "discard|FILE", description = "discard (default) or a file name such as out.mp4, written to the job's directory on its node.")
  String output;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter (repeatable); numbers are sent as numbers, so --param duration=5 overrides the scenario's duration as the FFmpeg farm's API does.")
  Map<String, String> params;

  @Option(names = "--confidence", paramLabel = "TEXT", description = "The FFmpeg farm's confidence field (e.g. auto), kept and shown.")
  String confidence;

  @Option(names = "--priority", paramLabel = "N", description = "0 (lowest) to 100 (highest), default 50; higher runs first.")
  Integer priority;

  @Option(names = "--cpu-millis", paramLabel = "N", description = "CPU to reserve in millicores (default: the scenario's or processor's).")
  Integer cpuMillis;

  @Option(names = "--memory-mb", paramLabel = "N", description = "Memory to reserve in MiB (default: the scenario's or processor's).")
  Integer memoryMb;

  @Option(names = "--gpu", paramLabel = "N", description = "Whole GPUs required.")
  Integer gpu;

  @Option(names = "--accelerator", paramLabel = "KIND", description = "Accelerator kind required (hailo, coral, ...).")
  String accelerator;

  @Option(names = "--zone", paramLabel = "ZONE", description = "Run only in this zone.")
  String zone;

  @Option(names = {"--selector", "--node-selector"}, paramLabel = "KEY=VALUE", description = "A label the node must carry (repeatable).")
  Map<String, String> nodeSelector;

  @Option(names = "--timeout-s", paramLabel = "SECONDS", description = "An attempt running longer is killed and counts as failed (default 3600).")
  Double timeoutS;

  @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts in all, 1 = no retry (default 3).")
  Integer maxAttempts;

  @Option(names = "--backoff-s", paramLabel = "SECONDS", description = "Wait before the first retry, doubling after each failure (default 1).")
  Double backoffS;

  @Option(names = "--max-backoff-s", paramLabel = "SECONDS", description = "The longest wait between retries (default 60).")
  Double maxBackoffS;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Submitting again with the same key returns the first job instead of a new one.")
  String idempotencyKey;

  @Option(names = "--depends-on", paramLabel = "JOB", description = "Run only after this job succeeded.")
  String dependsOn;

  @Option(names = "--id", paramLabel = "ID", description = "The job's id (default: generated).")
  String id;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The job as JSON (POST /api/v1/jobs body, or {\"jobs\": [...]} for a batch); '-' reads stdin. Flags override its fields.")
  Path file;

  /** Whether any flag that sets a job field was given (a batch file takes none). */
  boolean anyField() {
    return scenario != null || processor != null || input != null || durationS != null || codec != null || resolution != null
        || fps != null || bitrate != null || preset != null || output != null || params != null || confidence != null
        || priority != null || resources(null) != null || zone != null || nodeSelector != null || timeoutS != null
        || retry(null) != null || idempotencyKey != null || dependsOn != null || id != null;
  }

  /** The request: {@code base} (from -f, or null) with every given flag applied, checked for what makes it unsendable. */
  JobRequest request(JobRequest base) {
    JobRequest b = base != null ? base : new JobRequest(null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
    JobRequest r = new JobRequest(
        or(id, b.id()), or(scenario, b.scenario()), or(processor, b.processor()), or(input, b.input()), or(durationS, b.durationS()),
        or(codec, b.codec()), or(resolution, b.resolution()), or(fps, b.fps()), or(bitrate, b.bitrate()), or(preset, b.preset()),
        or(output, b.output()), parameters(b.parameters()), or(confidence, b.confidence()), or(priority, b.priority()),
        resources(b.resources()), or(zone, b.zone()), selector(b.nodeSelector()), or(timeoutS, b.timeoutS()), retry(b.retry()),
        or(idempotencyKey, b.idempotencyKey()), or(dependsOn, b.dependsOn()));
    check(r);
    return r;
  }

  private static void check(JobRequest r) {
    if (r.scenario() == null && r.processor() == null) {
      throw new CliException("a job needs --scenario NAME (list them: streamfleet scenario ls), --processor NAME --input URL,"
          + " or -f FILE", 2);
    }
    if (r.scenario() != null && r.processor() != null) {
      throw new CliException("--scenario " + r.scenario() + " and --processor " + r.processor() + " are both set; a job runs one of them", 2);
    }
    if (r.processor() != null && r.input() == null) {
      throw new CliException("--processor " + r.processor() + " needs --input URL: the URL or file it processes", 2);
    }
    if (r.resolution() != null && !RESOLUTION.matcher(r.resolution()).matches()) {
      throw new CliException("--resolution '" + r.resolution() + "' is not WIDTHxHEIGHT; use e.g. 1920x1080", 2);
    }
  }

  private Map<String, Object> parameters(Map<String, Object> base) {
    if (params == null) {
      return base;
    }
    Map<String, Object> merged = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
    params.forEach((k, v) -> merged.put(k, typed(v)));
    return merged;
  }

  /**
   * "5" and "2.5" as numbers (the server takes {@code duration} only as a number), anything else
   * as text; only when the number prints back the same, so "007" and "1.50" stay as written.
   */
  static Object typed(String value) {
    if (INTEGER.matcher(value).matches() && Long.toString(Long.parseLong(value)).equals(value)) {
      return Long.parseLong(value);
    }
    if (DECIMAL.matcher(value).matches() && Double.toString(Double.parseDouble(value)).equals(value)) {
      return Double.parseDouble(value);
    }
    return value;
  }

  private Map<String, String> selector(Map<String, String> base) {
    if (nodeSelector == null) {
      return base;
    }
    Map<String, String> merged = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
    merged.putAll(nodeSelector);
    return merged;
  }

  private StreamRequest.ResourceRequest resources(StreamRequest.ResourceRequest base) {
    if (cpuMillis == null && memoryMb == null && gpu == null && accelerator == null) {
      return base;
    }
    return new StreamRequest.ResourceRequest(
        or(cpuMillis, base == null ? null : base.cpuMillis()), or(memoryMb, base == null ? null : base.memoryMb()),
        or(gpu, base == null ? null : base.gpu()), or(accelerator, base == null ? null : base.accelerator()));
  }

  private JobRequest.Retry retry(JobRequest.Retry base) {
    if (maxAttempts == null && backoffS == null && maxBackoffS == null) {
      return base;
    }
    return new JobRequest.Retry(
        or(maxAttempts, base == null ? null : base.maxAttempts()), or(backoffS, base == null ? null : base.backoffS()),
        or(maxBackoffS, base == null ? null : base.maxBackoffS()));
  }

  private static <T> T or(T flag, T base) {
    return flag != null ? flag : base;
  }
}
