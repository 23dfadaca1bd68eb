package io.streamfleet.model.webhook;

import io.streamfleet.model.FieldError;
import io.streamfleet.model.Ids;
import io.streamfleet.model.InvalidInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Turns a {@link WebhookRequest} into a {@link WebhookSpec}, collecting an error for every bad field. */
public final class WebhookSpecParser {
  public static final Set<String> TYPES = Set.of("processor", "node", "assignment", "migration", "unassigned", "rule", "handover");
  static final int MIN_SECRET = 16;

  private WebhookSpecParser() {}

  /** @param generatedSecret used when the request brings none */
  public static WebhookSpec parse(WebhookRequest r, String generatedSecret) {
    if (r == null) {
      throw new InvalidInputException("body", "is empty; send a JSON object with at least id and url");
    }
    List<FieldError> errors = new ArrayList<>();
    if (r.id() == null || !Ids.isValid(r.id())) {
      errors.add(new FieldError("id", (r.id() == null ? "is required; " : "'" + r.id() + "' is invalid; ") + Ids.RULE));
    }
    String urlProblem = urlProblem(r.url());
    if (urlProblem != null) {
      errors.add(new FieldError("url", urlProblem));
    }
    if (r.secret() != null && (r.secret().length() < MIN_SECRET || r.secret().length() > 256)) {
      errors.add(new FieldError("secret", "must be " + MIN_SECRET + " to 256 characters (or left out: the server makes one)"));
    }
    SortedSet<String> types = set(r.types());
    for (String t : types) {
      if (!TYPES.contains(t)) {
        errors.add(new FieldError("types", "'" + t + "' is not an event type; use some of " + new TreeSet<>(TYPES)));
      }
    }
    if (r.description() != null && r.description().length() > 200) {
      errors.add(new FieldError("description", "is " + r.description().length() + " characters; the limit is 200"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new WebhookSpec(r.id(), r.url(), r.secret() != null ? r.secret() : generatedSecret, types, set(r.kinds()), set(r.streams()),
        set(r.nodes()), set(r.zones()), r.description());
  }

  private static String urlProblem(String url) {
    if (url == null || url.isBlank()) {
      return "is required: where to POST the events, e.g. https://alerts.example.com/streamfleet";
    }
    try {
      URI u = URI.create(url);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        return "'" + url + "' is not an http:// or https:// URL with a host";
      }
      if (u.getUserInfo() != null) {
        return "must not carry credentials (user:password@); receivers check the X-Streamfleet-Signature header instead";
      }
    } catch (IllegalArgumentException e) {
      return "'" + url + "' is not a URL: " + e.getMessage();
    }
    return url.length() > 2048 ? "is longer than 2048 characters" : null;
  }

  private static SortedSet<String> set(List<String> values) {
    SortedSet<String> out = new TreeSet<>();
    if (values != null) {
      values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).forEach(out::add);
    }
    return out;
  }
}
