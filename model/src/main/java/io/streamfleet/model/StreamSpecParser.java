package io.streamfleet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a {@link StreamRequest} into a canonical {@link StreamSpec}, collecting an error for every
 * bad field. Pure: the caller supplies the processors it knows about.
 */
public final class StreamSpecParser {
  /** In {@code overlap_zones}: the stream may run in any zone, its own preferred. */
  public static final String ANY_ZONE = "*";

  public static final int MIN_PRIORITY = 0;
  public static final int MAX_PRIORITY = 100;
  public static final int DEFAULT_PRIORITY = 50;
  static final int MAX_MAP_ENTRIES = 64;
  static final int MAX_VALUE_LENGTH = 256;
  public static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9\\-_./]{0,61}[a-z0-9])?");
  /** Param names must be usable as {param.NAME} in command templates: no '/'. */
  public static final Pattern PARAM_KEY = Pattern.compile("[a-z0-9]([a-z0-9\\-_.]{0,61}[a-z0-9])?");

  private StreamSpecParser() {}

  /**
   * @param pathId the id from the URL for updates, or null for creates
   * @param processorDefaults looks up a processor's default resources by name; returns null when
   *     no processor of that name exists
   */
  public static StreamSpec parse(
      StreamRequest r, String pathId, Function<String, Resources> processorDefaults) {
    List<FieldError> errors = new ArrayList<>();
    if (r == null) {
      throw new InvalidInputException("body", "is empty; send a JSON object with at least id, url and processor");
    }
    String id = r.id() != null ? r.id() : pathId;
    if (id == null) {
      errors.add(new FieldError("id", "is required; " + Ids.RULE));
    } else if (!Ids.isValid(id)) {
      errors.add(new FieldError("id", "'" + id + "' is invalid; " + Ids.RULE));
    } else if (pathId != null && !pathId.equals(id)) {
      errors.add(new FieldError("id", "'" + id + "' does not match the id in the URL ('" + pathId + "'); leave it out or make them equal"));
    }
    if (r.url() == null || r.url().isBlank()) {
      errors.add(new FieldError("url", "is required, e.g. rtsp://camera-1.local/stream or synthetic://cam-1?fps=10"));
    } else {
      SourceUrls.problem(r.url()).ifPresent(p -> errors.add(new FieldError("url", p)));
    }
    Resources defaults = Resources.STREAM_DEFAULT;
    if (r.processor() == null) {
      errors.add(new FieldError("processor", "is required; name a processor from GET /api/v1/processors, e.g. motion"));
    } else if (!Ids.isValid(r.processor())) {
      errors.add(new FieldError("processor", "'" + r.processor() + "' is invalid; " + Ids.RULE));
    } else {
      Resources found = processorDefaults.apply(r.processor());
      if (found == null) {
        errors.add(new FieldError("processor", "unknown processor '" + r.processor() + "'; list them with GET /api/v1/processors or create it with PUT /api/v1/processors/" + r.processor()));
      } else {
        defaults = found;
      }
    }
    optionalId(errors, "zone", r.zone());
    optionalId(errors, "spread_group", r.spreadGroup());
    Resources resources = resources(errors, r.resources(), defaults);
    checkMap(errors, "labels", r.labels(), KEY);
    checkMap(errors, "node_selector", r.nodeSelector(), KEY);
    checkOverlapZones(errors, r.overlapZones());
    checkMap(errors, "params", r.params(), PARAM_KEY);
    int priority = r.priority() == null ? DEFAULT_PRIORITY : r.priority();
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      errors.add(new FieldError("priority", priority + " is out of range; use " + MIN_PRIORITY + " (lowest) to " + MAX_PRIORITY + " (highest), default " + DEFAULT_PRIORITY));
    }
    HandoverPolicy handover = HandoverPolicy.OVERLAP;
    if (r.handover() != null) {
      handover = HandoverPolicy.parse(r.handover());
      if (handover == null) {
        errors.add(new FieldError("handover", "'" + r.handover() + "' is not a handover policy; use overlap (default) or exclusive"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new StreamSpec(id, r.url(), r.processor(), r.zone(), resources, Maps.sortedCopy(r.labels()), priority, handover, r.spreadGroup(), Maps.sortedCopy(r.params()),
        Maps.sortedCopy(r.overlapZones()), Maps.sortedCopy(r.nodeSelector()));
  }

  public static Resources resources(List<FieldError> errors, StreamRequest.ResourceRequest req, Resources defaults) {
    if (req == null) {
      return defaults;
    }
    int cpu = bounded(errors, "resources.cpu_millis", req.cpuMillis(), defaults.cpuMillis(), 1, Resources.MAX_CPU_MILLIS);
    int mem = bounded(errors, "resources.memory_mb", req.memoryMb(), defaults.memoryMb(), 1, Resources.MAX_MEMORY_MB);
    int gpu = bounded(errors, "resources.gpu", req.gpu(), defaults.gpu(), 0, Resources.MAX_GPU);
    String acc = req.accelerator() != null ? req.accelerator() : defaults.accelerator();
    optionalId(errors, "resources.accelerator", acc);
    return new Resources(cpu, mem, gpu, acc);
  }

  private static int bounded(List<FieldError> errors, String field, Integer value, int dflt, int min, int max) {
    if (value == null) {
      return dflt;
    }
    if (value < min || value > max) {
      errors.add(new FieldError(field, value + " is out of range; use " + min + " to " + max));
    }
    return value;
  }

  private static void checkOverlapZones(List<FieldError> errors, List<String> zones) {
    if (zones == null) {
      return;
    }
    if (zones.size() > MAX_MAP_ENTRIES) {
      errors.add(new FieldError("overlap_zones", "has " + zones.size() + " entries; the limit is " + MAX_MAP_ENTRIES));
      return;
    }
    for (String z : zones) {
      if (z == null || (!z.equals(ANY_ZONE) && !Ids.isValid(z))) {
        errors.add(new FieldError("overlap_zones", "'" + z + "' is not a zone; use zone ids, or \"*\" for any zone"));
      }
    }
  }

  private static void optionalId(List<FieldError> errors, String field, String value) {
    if (value != null && !Ids.isValid(value)) {
      errors.add(new FieldError(field, "'" + value + "' is invalid; " + Ids.RULE));
    }
  }

  public static void checkMap(List<FieldError> errors, String field, Map<String, String> map, Pattern keyRule) {
    if (map == null) {
      return;
    }
    if (map.size() > MAX_MAP_ENTRIES) {
      errors.add(new FieldError(field, "has " + map.size() + " entries; the limit is " + MAX_MAP_ENTRIES));
      return;
    }
    map.forEach((k, v) -> {
      if (k == null || !keyRule.matcher(k).matches()) {
        errors.add(new FieldError(field, "key '" + k + "' is invalid; keys are 1 to 63 lower-case letters, digits, '-', '_', '.'"
            + (keyRule == KEY ? " or '/'" : "") + ", starting and ending with a letter or digit"));
      } else if (v == null) {
        errors.add(new FieldError(field + "." + k, "is null; use a string (\"\" for empty)"));
      } else if (v.length() > MAX_VALUE_LENGTH) {
        errors.add(new FieldError(field + "." + k, "is " + v.length() + " characters long; the limit is " + MAX_VALUE_LENGTH));
      }
    });
  }
}
