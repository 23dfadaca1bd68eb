package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.command.DeleteScenario;
import io.streamfleet.model.command.PutScenario;
import io.streamfleet.model.job.FfmpegSettings;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobSpecParser;
import io.streamfleet.model.job.Scenario;
import io.streamfleet.model.job.Scenarios;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/scenarios}: the named FFmpeg workloads jobs start from. A scenario's settings are
 * checked by {@link JobSpecParser}, exactly as a job's overrides of them are, so a scenario that
 * is accepted here always yields jobs that are accepted too.
 */
final class ScenarioRoutes {
  static final int MAX_DESCRIPTION = 256;

  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;

  ScenarioRoutes(StateStore store, CommandGateway gateway, Clock clock) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/scenarios", this::list, Access.VIEWER);
    routes.get("/api/v1/scenarios/{name}", this::show, Access.VIEWER);
    routes.put("/api/v1/scenarios/{name}", this::put, Access.OPERATOR);
    routes.delete("/api/v1/scenarios/{name}", this::delete, Access.OPERATOR);
  }

  /** A scenario as a client sends it; the name is in the path. */
  record ScenarioBody(String description, Settings settings, StreamRequest.ResourceRequest resources) {}

  /** The FFmpeg settings as sent; all optional, like a job's overrides. */
  record Settings(String input, Double durationS, String codec, Integer width, Integer height, Double fps, String bitrate,
      String preset, String output) {}

  record ScenarioList(List<Scenario> scenarios) {}

  private void list(Context ctx) {
    ctx.json(new ScenarioList(store.read(s -> List.copyOf(s.scenarios()))));
  }

  private void show(Context ctx) {
    String name = ctx.pathParam("name");
    Scenario scenario = store.read(s -> s.scenario(name));
    if (scenario == null) {
      throw ApiException.notFound("scenario", name);
    }
    ctx.json(scenario);
  }

  private void put(Context ctx) {
    String name = ctx.pathParam("name");
    Scenario scenario = parse(name, JsonBodies.read(ctx, ScenarioBody.class));
    gateway.submit(new PutScenario(RequestActor.meta(ctx, clock), scenario));
    ctx.status(200).header("Location", "/api/v1/scenarios/" + name).json(scenario);
  }

  private void delete(Context ctx) {
    gateway.submit(new DeleteScenario(RequestActor.meta(ctx, clock), ctx.pathParam("name")));
    ctx.status(204);
  }

  /**
   * The scenario, or a 400 naming every bad field. The settings go through the job parser as the
   * overrides of an empty scenario, so both check them with the same rules and messages.
   */
  static Scenario parse(String name, ScenarioBody body) {
    List<FieldError> errors = new ArrayList<>();
    if (!Scenarios.NAME.matcher(name).matches()) {
      errors.add(new FieldError("name", "'" + name + "' is invalid; " + Scenarios.NAME_RULE));
    }
    if (body.description() != null && body.description().length() > MAX_DESCRIPTION) {
      errors.add(new FieldError("description", "is " + body.description().length() + " characters long; the limit is " + MAX_DESCRIPTION));
    }
    Settings s = body.settings() == null ? new Settings(null, null, null, null, null, null, null, null, null) : body.settings();
    if ((s.width() == null) != (s.height() == null)) {
      errors.add(new FieldError("settings." + (s.width() == null ? "width" : "height"), "is missing; give width and height together,"
          + " e.g. \"width\": 1920, \"height\": 1080 (or neither, to keep the input's size)"));
    }
    String input = s.input() == null ? FfmpegSettings.DEFAULT_INPUT : s.input();
    if (input.startsWith("lavfi:") && s.durationS() == null) {
      errors.add(new FieldError("settings.duration_s", "is required for a generated input (" + input + "), which never ends by itself;"
          + " e.g. \"duration_s\": 10"));
    }
    String resolution = s.width() != null && s.height() != null ? s.width() + "x" + s.height() : null;
    JobRequest asJob = new JobRequest(null, name, null, s.input(), s.durationS(), s.codec(), resolution, s.fps(), s.bitrate(),
        s.preset(), s.output(), null, null, null, body.resources(), null, null, null, null, null, null);
    Scenario empty = new Scenario(name, null, new FfmpegSettings(null, 0, null, null, null, null, null, null, null), null, false);
    JobSpec checked = null;
    try {
      checked = JobSpecParser.parse(asJob, n -> empty, n -> null);
    } catch (InvalidInputException e) {
      e.errors().forEach(f -> errors.add(new FieldError(fieldName(f.field()), f.message())));
    }
    if (!errors.isEmpty()) {
      throw JobRoutes.invalid(errors);
    }
    return new Scenario(name, body.description(), checked.ffmpeg(), body.resources() == null ? null : checked.resources(), false);
  }

  /** The job parser's field names as this body's. */
  private static String fieldName(String jobField) {
    if (jobField.startsWith("resources")) {
      return jobField;
    }
    return switch (jobField) {
      case "resolution" -> "settings.width";
      case "scenario" -> "name";
      default -> "settings." + jobField;
    };
  }
}
