package io.streamfleet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns a {@link ProcessorRequest} into a canonical {@link ProcessorSpec} (version 0: unassigned). */
public final class ProcessorSpecParser {
  static final int MAX_ARGS = 256;
  static final int MAX_ARG_LENGTH = 4096;
  private static final Set<String> READINESS_KINDS = Set.of("first_frame", "first_event", "stdout", "delay");

  private ProcessorSpecParser() {}

  public static ProcessorSpec parse(ProcessorRequest r, String pathName) {
    if (r == null) {
      throw new InvalidInputException("body", "is empty; send a JSON object with at least \"driver\"");
    }
    List<FieldError> errors = new ArrayList<>();
    String name = r.name() != null ? r.name() : pathName;
    if (name == null) {
      errors.add(new FieldError("name", "is required; " + Ids.RULE));
    } else if (!Ids.isValid(name)) {
      errors.add(new FieldError("name", "'" + name + "' is invalid; " + Ids.RULE));
    } else if (pathName != null && !pathName.equals(name)) {
      errors.add(new FieldError("name", "'" + name + "' does not match the name in the URL ('" + pathName + "'); leave it out or make them equal"));
    }
    DriverKind driver = r.driver() == null ? null : DriverKind.parse(r.driver());
    if (driver == null) {
      errors.add(new FieldError("driver", (r.driver() == null ? "is required" : "'" + r.driver() + "' is unknown") + "; use builtin or exec"));
    } else if (driver == DriverKind.BUILTIN) {
      if (r.builtin() == null || !BuiltinProcessors.NAMES.contains(r.builtin())) {
        errors.add(new FieldError("builtin", (r.builtin() == null ? "is required for driver builtin" : "'" + r.builtin() + "' is not a builtin processor") + "; use one of " + String.join(", ", BuiltinProcessors.NAMES.stream().sorted().toList())));
      }
      if (r.command() != null || r.env() != null || r.workingDir() != null) {
        errors.add(new FieldError("command", "command, env and working_dir apply only to driver exec; remove them or set \"driver\": \"exec\""));
      }
    } else {
      checkCommand(errors, r.command());
      if (r.builtin() != null) {
        errors.add(new FieldError("builtin", "applies only to driver builtin; remove it"));
      }
      checkEnv(errors, r.env());
    }
    Readiness readiness = readiness(errors, r.readiness(), driver);
    Resources resources = StreamSpecParser.resources(errors, r.resources(), Resources.STREAM_DEFAULT);
    if (r.description() != null && r.description().length() > 1024) {
      errors.add(new FieldError("description", "is " + r.description().length() + " characters long; the limit is 1024"));
    }
    UpdatePolicy update = r.update() == null ? null : UpdatePolicy.parse(r.update(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new ProcessorSpec(name, 0, driver, r.builtin(), r.command(), Maps.sortedCopy(r.env()), r.workingDir(), readiness, resources,
        r.description(), update);
  }

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private static void checkEnv(List<FieldError> errors, java.util.Map<String, String> env) {
    if (env == null) {
      return;
    }
    if (env.size() > StreamSpecParser.MAX_MAP_ENTRIES) {
      errors.add(new FieldError("env", "has " + env.size() + " entries; the limit is " + StreamSpecParser.MAX_MAP_ENTRIES));
      return;
    }
    env.forEach((k, v) -> {
      if (k == null || !ENV_NAME.matcher(k).matches()) {
        errors.add(new FieldError("env", "'" + k + "' is not an environment variable name; use letters, digits and '_', not starting with a digit"));
      } else if (v == null) {
        errors.add(new FieldError("env." + k, "is null; use a string (\"\" for empty)"));
      } else if (v.length() > MAX_ARG_LENGTH) {
        errors.add(new FieldError("env." + k, "is longer than " + MAX_ARG_LENGTH + " characters"));
      }
    });
  }

  private static void checkCommand(List<FieldError> errors, List<String> command) {
    if (command == null || command.isEmpty()) {
      errors.add(new FieldError("command", "is required for driver exec: a list of arguments, e.g. [\"ffmpeg\", \"-i\", \"{stream.url}\", ...]"));
      return;
    }
    if (command.size() > MAX_ARGS) {
      errors.add(new FieldError("command", "has " + command.size() + " arguments; the limit is " + MAX_ARGS));
      return;
    }
    for (int i = 0; i < command.size(); i++) {
      String arg = command.get(i);
      if (arg == null) {
        errors.add(new FieldError("command[" + i + "]", "is null; use a string"));
      } else if (i == 0 && arg.isBlank()) {
        errors.add(new FieldError("command[" + i + "]", "is empty; the first argument is the program to run"));
      } else if (arg.length() > MAX_ARG_LENGTH) {
        errors.add(new FieldError("command[" + i + "]", "is longer than " + MAX_ARG_LENGTH + " characters"));
      } else {
        int index = i;
        CommandTemplate.problem(arg).ifPresent(p -> errors.add(new FieldError("command[" + index + "]", p)));
      }
    }
  }

  private static Readiness readiness(List<FieldError> errors, Readiness r, DriverKind driver) {
    if (r == null) {
      return driver == DriverKind.BUILTIN ? Readiness.FIRST_FRAME : Readiness.FIRST_EVENT;
    }
    if (r.kind() == null || !READINESS_KINDS.contains(r.kind())) {
      errors.add(new FieldError("readiness.kind", "'" + r.kind() + "' is unknown; use first_frame, first_event, stdout (with pattern) or delay (with delay_ms)"));
      return r;
    }
    if (r.kind().equals("first_frame") && driver == DriverKind.EXEC) {
      errors.add(new FieldError("readiness.kind", "first_frame applies to builtin processors; for exec use first_event, stdout or delay"));
    }
    if (r.pattern() != null && !r.kind().equals("stdout")) {
      errors.add(new FieldError("readiness.pattern", "applies only to kind stdout; remove it"));
    }
    if (r.delayMs() != null && !r.kind().equals("delay")) {
      errors.add(new FieldError("readiness.delay_ms", "applies only to kind delay; remove it"));
    }
    if (r.kind().equals("stdout")) {
      if (r.pattern() == null || r.pattern().isEmpty()) {
        errors.add(new FieldError("readiness.pattern", "is required for kind stdout: a regular expression a stdout line must contain"));
      } else {
        try {
          Pattern.compile(r.pattern());
        } catch (PatternSyntaxException e) {
          errors.add(new FieldError("readiness.pattern", "is not a valid regular expression: " + e.getDescription()));
        }
      }
    }
    if (r.kind().equals("delay") && (r.delayMs() == null || r.delayMs() < 0 || r.delayMs() > Readiness.MAX_DELAY_MS)) {
      errors.add(new FieldError("readiness.delay_ms", "is required for kind delay: 0 to " + Readiness.MAX_DELAY_MS));
    }
    return r;
  }
}
