package io.streamfleet.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which video source URLs a stream may have, and the rules for {@code synthetic://} ones. */
public final class SourceUrls {
  public static final Set<String> SCHEMES = Set.of("rtsp", "rtsps", "http", "https", "file", "synthetic");
  public static final int MAX_LENGTH = 2048;
  private static final Set<String> NEEDS_HOST = Set.of("rtsp", "rtsps", "http", "https");
  /**
   * Where a synthetic camera's frame 0 lies: {@value #TIMELINE_START} (the default) numbers frames
   * from the first one read; {@value #TIMELINE_WALL} numbers them from the Unix epoch on the wall
   * clock, so that two instances of one stream (a make-before-break move) number the same instant
   * the same and the server can de-duplicate their events by frame.
   */
  public static final String TIMELINE = "timeline";
  public static final String TIMELINE_START = "start";
  public static final String TIMELINE_WALL = "wall";
  private static final List<String> SYNTHETIC_PARAMS = List.of("fps", "width", "height", "visit_every_s", "visit_s", TIMELINE);

  private SourceUrls() {}

  /** Returns a message saying what is wrong with {@code url}, or empty when it is acceptable. */
  public static Optional<String> problem(String url) {
    if (url.length() > MAX_LENGTH) {
      return Optional.of("is " + url.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("'" + url + "' is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      return Optional.of("'" + url + "' has no scheme; start it with rtsp://, rtsps://, http://, https://, file:// or synthetic://");
    }
    if (!SCHEMES.contains(scheme.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of(
          "scheme '" + scheme + "' is not supported; use one of rtsp, rtsps, http, https, file, synthetic");
    }
    scheme = scheme.toLowerCase(java.util.Locale.ROOT);
    // getHost() is null for registry names with '_' (e.g. compose service names); the authority is not.
    if (NEEDS_HOST.contains(scheme) && (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty())) {
      return Optional.of("'" + url + "' has no host; expected " + scheme + "://HOST[:PORT]/PATH");
    }
    if (scheme.equals("file") && (uri.getPath() == null || uri.getPath().isEmpty())) {
      return Optional.of("'" + url + "' has no path; expected file:///absolute/path.mp4");
    }
    if (scheme.equals("synthetic")) {
      return syntheticProblem(uri);
    }
    return Optional.empty();
  }

  private static Optional<String> syntheticProblem(URI uri) {
    if (uri.getRawAuthority() == null || !Ids.isValid(uri.getRawAuthority())) {
      return Optional.of("synthetic camera name must be " + Ids.RULE + "; expected synthetic://NAME?fps=N&width=W&height=H");
    }
    for (Map.Entry<String, String> e : query(uri).entrySet()) {
      if (!SYNTHETIC_PARAMS.contains(e.getKey())) {
        return Optional.of("unknown synthetic parameter '" + e.getKey() + "'; allowed: " + String.join(", ", SYNTHETIC_PARAMS));
      }
      if (e.getKey().equals(TIMELINE)) {
        if (!e.getValue().equals(TIMELINE_START) && !e.getValue().equals(TIMELINE_WALL)) {
          return Optional.of(TIMELINE + "=" + e.getValue() + " must be " + TIMELINE_START + " (frame 0 is the first frame read, "
              + "the default) or " + TIMELINE_WALL + " (frame n is due n/fps seconds after the Unix epoch, so cameras of "
              + "the same name number the same instant the same)");
        }
        continue;
      }
      int max = switch (e.getKey()) {
        case "fps" -> 240;
        case "width" -> 7680;
        case "visit_every_s" -> 3600;
        case "visit_s" -> 600;
        default -> 4320;
      };
      int min = e.getKey().equals("width") || e.getKey().equals("height") ? 16 : 1;
      Integer v = parseInt(e.getValue());
      if (v == null || v < min || v > max) {
        return Optional.of(e.getKey() + "=" + e.getValue() + " must be a whole number from " + min + " to " + max);
      }
    }
    Map<String, String> q = query(uri);
    int every = q.containsKey("visit_every_s") ? Integer.parseInt(q.get("visit_every_s")) : 20;
    int visit = q.containsKey("visit_s") ? Integer.parseInt(q.get("visit_s")) : defaultVisitSeconds(every);
    if (visit >= every) {
      return Optional.of("visit_s=" + visit + " must be shorter than visit_every_s=" + every + " (the visitor must leave for motion to end)");
    }
    return Optional.empty();
  }

  /** A synthetic scene's visit without {@code visit_s}: 4 s, or half the cycle when that is shorter. */
  public static int defaultVisitSeconds(int visitEverySeconds) {
    return Math.max(1, Math.min(4, visitEverySeconds / 2));
  }

  /** The query parameters of a URL, in order; a key without '=' maps to "". */
  public static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = uri.getQuery();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return out;
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
