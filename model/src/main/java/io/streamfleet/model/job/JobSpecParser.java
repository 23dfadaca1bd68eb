package io.streamfleet.model.job;

import io.streamfleet.model.DriverKind;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.Ids;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.Maps;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Resources;
import io.streamfleet.model.SourceUrls;
import io.streamfleet.model.StreamSpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link JobRequest} into a {@link JobSpec}, collecting an error for every bad field.
 * Pure: the caller supplies the scenarios and processors it knows.
 */
public final class JobSpecParser {
  public static final int DEFAULT_PRIORITY = 50;
  public static final double MAX_DURATION_S = 86_400;
  public static final long DEFAULT_TIMEOUT_MS = 3_600_000;
  public static final double MAX_TIMEOUT_S = 7 * 86_400;
  static final Pattern RESOLUTION = Pattern.compile("([1-9][0-9]{1,4})x([1-9][0-9]{1,4})");
  static final Pattern BITRATE = Pattern.compile("[1-9][0-9]{0,8}[kKmM]?");
  static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,31}");
  static final Pattern OUTPUT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-.]{0,62}\\.[A-Za-z0-9]{1,8}");
  static final Pattern LAVFI = Pattern.compile("lavfi:[a-z0-9_]+(=[A-Za-z0-9_=:.]*)?");

  private JobSpecParser() {}

  /**
   * @param scenarios a scenario by name, or null when there is none
   * @param processors a processor spec by name, or null when there is none
   */
  public static JobSpec parse(JobRequest r, Function<String, Scenario> scenarios, Function<String, ProcessorSpec> processors) {
    if (r == null) {
      throw new InvalidInputException("body", "is empty; send a JSON object with a scenario (e.g. {\"scenario\": \"1080p30-h264\"}) or a processor");
    }
    List<FieldError> errors = new ArrayList<>();
    if (r.id() != null && !JobIds.isValid(r.id())) {
      errors.add(new FieldError("id", "'" + r.id() + "' is invalid; " + JobIds.RULE + "; or leave it out for a generated one"));
    }
    Map<String, Object> parameters = r.parameters() == null ? Map.of() : r.parameters();
    SortedParams params = params(errors, parameters);
    String kind = null;
    FfmpegSettings ffmpeg = null;
    Resources defaults = Resources.STREAM_DEFAULT;
    if (r.scenario() != null && r.processor() != null) {
      errors.add(new FieldError("scenario", "and processor are both set; a job runs either a scenario or a processor"));
    } else if (r.scenario() != null) {
      kind = JobSpec.SCENARIO;
      Scenario scenario = Scenarios.NAME.matcher(r.scenario()).matches() ? scenarios.apply(r.scenario()) : null;
      if (scenario == null) {
        errors.add(new FieldError("scenario", "unknown scenario '" + r.scenario() + "'; list them with GET /api/v1/scenarios"
            + " (e.g. 1080p30-h264, 4K60-h264) or add it with PUT /api/v1/scenarios/NAME"));
      } else {
        defaults = scenario.resources() == null ? defaults : scenario.resources();
        ffmpeg = ffmpegSettings(errors, r, parameters, scenario.settings());
      }
    } else if (r.processor() != null) {
      kind = JobSpec.PROCESSOR;
      ProcessorSpec p = Ids.isValid(r.processor()) ? processors.apply(r.processor()) : null;
      if (p == null) {
        errors.add(new FieldError("processor", "unknown processor '" + r.processor() + "'; list them with GET /api/v1/processors"));
      } else if (p.driver() != DriverKind.EXEC) {
        errors.add(new FieldError("processor", "'" + r.processor() + "' is a " + p.driver().wireName() + " processor; a job runs an exec"
            + " processor once (its program exits when done), or a scenario"));
      } else if (p.resources() != null) {
        defaults = p.resources();
      }
      if (r.input() == null || r.input().isBlank()) {
        errors.add(new FieldError("input", "is required for a processor job: the URL or file it processes ({stream.url} in its command)"));
      } else {
        SourceUrls.problem(r.input()).ifPresent(x -> errors.add(new FieldError("input", x)));
      }
      for (String f : List.of("codec", "resolution", "preset", "bitrate", "output")) {
        if (scenarioOnly(r, f) != null) {
          errors.add(new FieldError(f, "applies to scenario jobs only; a processor job's command decides it"));
        }
      }
    } else {
      errors.add(new FieldError("scenario", "is required (or processor); e.g. {\"scenario\": \"1080p30-h264\"}; list them with GET /api/v1/scenarios"));
    }
    int priority = r.priority() == null ? DEFAULT_PRIORITY : r.priority();
    if (priority < StreamSpecParser.MIN_PRIORITY || priority > StreamSpecParser.MAX_PRIORITY) {
      errors.add(new FieldError("priority", priority + " is out of range; use 0 (lowest) to 100 (highest), default " + DEFAULT_PRIORITY));
    }
    Resources resources = StreamSpecParser.resources(errors, r.resources(), defaults);
    if (r.zone() != null && !Ids.isValid(r.zone())) {
      errors.add(new FieldError("zone", "'" + r.zone() + "' is invalid; " + Ids.RULE));
    }
    StreamSpecParser.checkMap(errors, "node_selector", r.nodeSelector(), StreamSpecParser.KEY);
    long timeoutMs = DEFAULT_TIMEOUT_MS;
    if (r.timeoutS() != null) {
      if (!(r.timeoutS() > 0) || r.timeoutS() > MAX_TIMEOUT_S) {
        errors.add(new FieldError("timeout_s", r.timeoutS() + " is out of range; use more than 0 and at most " + (long) MAX_TIMEOUT_S
            + " seconds (default " + DEFAULT_TIMEOUT_MS / 1000 + ")"));
      } else {
        timeoutMs = Math.max(1, Math.round(r.timeoutS() * 1000));
      }
    }
    RetryPolicy retry = retry(errors, r.retry());
    if (r.idempotencyKey() != null && (r.idempotencyKey().isBlank() || r.idempotencyKey().length() > 128)) {
      errors.add(new FieldError("idempotency_key", "must be 1 to 128 characters"));
    }
    if (r.dependsOn() != null && !JobIds.isValid(r.dependsOn())) {
      errors.add(new FieldError("depends_on", "'" + r.dependsOn() + "' is not a job id; " + JobIds.RULE));
    }
    if (r.confidence() != null && r.confidence().length() > 64) {
      errors.add(new FieldError("confidence", "is " + r.confidence().length() + " characters long; the limit is 64"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new JobSpec(r.id(), kind, r.scenario(), ffmpeg, r.processor(), JobSpec.PROCESSOR.equals(kind) ? r.input() : null,
        params.values, r.confidence(), priority, resources, r.zone(), Maps.sortedCopy(r.nodeSelector()), timeoutMs, retry,
        r.idempotencyKey(), r.dependsOn());
  }

  private static Object scenarioOnly(JobRequest r, String field) {
    return switch (field) {
      case "codec" -> r.codec();
      case "resolution" -> r.resolution();
      case "preset" -> r.preset();
      case "bitrate" -> r.bitrate();
      default -> r.output();
    };
  }

  private static FfmpegSettings ffmpegSettings(List<FieldError> errors, JobRequest r, Map<String, Object> parameters, FfmpegSettings base) {
    Double duration = r.durationS();
    String durationField = "duration_s";
    if (duration == null && parameters.get("duration") instanceof Number n) {
      duration = n.doubleValue();
      durationField = "parameters.duration";
    }
    if (duration != null && (!(duration > 0) || duration > MAX_DURATION_S)) {
      errors.add(new FieldError(durationField, duration + " is out of range; use more than 0 and at most " + (long) MAX_DURATION_S + " seconds"));
    }
    String bitrate = r.bitrate();
    String bitrateField = "bitrate";
    if (bitrate == null && parameters.get("bitrate") != null) {
      bitrate = String.valueOf(parameters.get("bitrate"));
      bitrateField = "parameters.bitrate";
    }
    if (bitrate != null && !BITRATE.matcher(bitrate).matches()) {
      errors.add(new FieldError(bitrateField, "'" + bitrate + "' is not a bitrate; use bits per second with an optional k or M, e.g. 5M or 15000k"));
    }
    Integer width = null;
    Integer height = null;
    if (r.resolution() != null) {
      Matcher m = RESOLUTION.matcher(r.resolution());
      if (m.matches()) {
        width = Integer.parseInt(m.group(1));
        height = Integer.parseInt(m.group(2));
      } else {
        errors.add(new FieldError("resolution", "'" + r.resolution() + "' is not WIDTHxHEIGHT, e.g. 1920x1080"));
      }
    }
    if (r.fps() != null && (!(r.fps() > 0) || r.fps() > 240)) {
      errors.add(new FieldError("fps", r.fps() + " is out of range; use more than 0 and at most 240"));
    }
    if (r.codec() != null && !WORD.matcher(r.codec()).matches()) {
      errors.add(new FieldError("codec", "'" + r.codec() + "' is not an FFmpeg encoder name, e.g. libx264, libx265, h264_nvenc"));
    }
    if (r.preset() != null && !WORD.matcher(r.preset()).matches()) {
      errors.add(new FieldError("preset", "'" + r.preset() + "' is not a preset name, e.g. ultrafast, veryfast, medium"));
    }
    if (r.output() != null && !FfmpegSettings.DISCARD.equals(r.output()) && !OUTPUT.matcher(r.output()).matches()) {
      errors.add(new FieldError("output", "'" + r.output() + "' is not a file name; use \"discard\" (default) or a name with an"
          + " extension such as out.mp4 (written to the job's directory on its node)"));
    }
    if (r.input() != null) {
      if (r.input().startsWith("lavfi:")) {
        if (!LAVFI.matcher(r.input()).matches()) {
          errors.add(new FieldError("input", "'" + r.input() + "' is not a generated source; use lavfi:NAME or lavfi:NAME=OPTIONS, e.g. lavfi:testsrc2"));
        }
      } else {
        SourceUrls.problem(r.input()).ifPresent(x -> errors.add(new FieldError("input", x)));
      }
    }
    return base.withOverrides(r.input(), duration, r.codec(), width, height, r.fps(), bitrate, r.preset(), r.output());
  }

  private static RetryPolicy retry(List<FieldError> errors, JobRequest.Retry r) {
    if (r == null) {
      return RetryPolicy.DEFAULT;
    }
    RetryPolicy d = RetryPolicy.DEFAULT;
    int attempts = r.maxAttempts() == null ? d.maxAttempts() : r.maxAttempts();
    if (attempts < 1 || attempts > RetryPolicy.MAX_ATTEMPTS) {
      errors.add(new FieldError("retry.max_attempts", attempts + " is out of range; use 1 (no retry) to " + RetryPolicy.MAX_ATTEMPTS));
    }
    long backoff = seconds(errors, "retry.backoff_s", r.backoffS(), d.backoffMs());
    long maxBackoff = seconds(errors, "retry.max_backoff_s", r.maxBackoffS(), Math.max(d.maxBackoffMs(), backoff));
    if (maxBackoff < backoff) {
      errors.add(new FieldError("retry.max_backoff_s", "is smaller than retry.backoff_s; make it at least as large"));
    }
    return new RetryPolicy(attempts, backoff, maxBackoff);
  }

  private static long seconds(List<FieldError> errors, String field, Double value, long dfltMs) {
    if (value == null) {
      return dfltMs;
    }
    if (!(value >= 0) || value > 86_400) {
      errors.add(new FieldError(field, value + " is out of range; use 0 to 86400 seconds"));
      return dfltMs;
    }
    return Math.round(value * 1000);
  }

  /** The seed's parameters as strings (numbers printed plainly), checked. */
  private static SortedParams params(List<FieldError> errors, Map<String, Object> parameters) {
    TreeMap<String, String> out = new TreeMap<>();
    if (parameters.size() > 64) {
      errors.add(new FieldError("parameters", "has " + parameters.size() + " entries; the limit is 64"));
      return new SortedParams(out);
    }
    parameters.forEach((k, v) -> {
      if (k == null || !StreamSpecParser.PARAM_KEY.matcher(k).matches()) {
        errors.add(new FieldError("parameters", "key '" + k + "' is invalid; keys are 1 to 63 lower-case letters, digits, '-', '_', '.'"));
      } else if (v instanceof Map || v instanceof List || v == null) {
        errors.add(new FieldError("parameters." + k, "must be a string, number or boolean"));
      } else {
        String s = v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(d.longValue()) : String.valueOf(v);
        if (s.length() > 256) {
          errors.add(new FieldError("parameters." + k, "is " + s.length() + " characters long; the limit is 256"));
        } else {
          out.put(k, s);
        }
      }
    });
    return new SortedParams(out);
  }

  private record SortedParams(TreeMap<String, String> values) {}
}
