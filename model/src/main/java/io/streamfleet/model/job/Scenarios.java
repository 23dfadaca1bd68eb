package io.streamfleet.model.job;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/** The scenarios Streamfleet ships ({@code scenarios.json} beside this class), and the naming rule. */
public final class Scenarios {
  /** Letters of either case (the seed's names are {@code 4K60-h264}), digits, '-', '_', '.'. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-_.]{0,62}");
  public static final String NAME_RULE = "1 to 63 characters: letters, digits, '-', '_' or '.', starting with a letter or digit";

  private static final List<Scenario> BUILTIN = load();

  private Scenarios() {}

  public static List<Scenario> builtin() {
    return BUILTIN;
  }

  private static List<Scenario> load() {
    try (InputStream in = Scenarios.class.getResourceAsStream("scenarios.json")) {
      if (in == null) {
        throw new IllegalStateException("scenarios.json is missing from the model jar");
      }
      return List.copyOf(Json.mapper().readValue(in, new TypeReference<List<Scenario>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in scenarios", e);
    }
  }
}
