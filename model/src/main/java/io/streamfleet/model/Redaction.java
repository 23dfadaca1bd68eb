package io.streamfleet.model;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything shown: API answers, CLI output, logs, reasons, audit and
 * events. A camera URL keeps its user but not its password ({@code rtsp://user:***@host/...}), a
 * secret-looking query parameter keeps its name ({@code ?token=***}), and a param or env value
 * whose name says it is secret (password, secret, token, key, credential) shows as {@code ***}.
 * Only the node that runs a stream receives the real values.
 *
 * <p>Redacted values sent back unchanged (a read-modify-write by the CLI) mean "keep the stored
 * secret": see {@link #restoreUrl} and {@link #restoreValues}.
 */
public final class Redaction {
  public static final String MASK = "***";
  private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^\\s/@?#]*)@");
  private static final Pattern SECRET_QUERY = Pattern.compile(
      "(?i)([?&](?:password|passwd|pass|pwd|token|access_token|auth|key|apikey|api_key|secret|signature|sig)=)[^&#\\s]*");
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|apikey|api_key|credential|private_key|auth).*");

  private Redaction() {}

  /** {@code text} (a URL, a log line, an error) with every URL's password and secret query values masked. */
  public static String text(String text) {
    if (text == null || text.indexOf(':') < 0) {
      return text;
    }
    String out = USERINFO.matcher(text).replaceAll(m -> {
      String userinfo = m.group(2);
      int colon = userinfo.indexOf(':');
      String shown = colon < 0 ? (userinfo.isEmpty() ? "" : MASK) : userinfo.substring(0, colon) + ":" + MASK;
      return java.util.regex.Matcher.quoteReplacement(m.group(1) + shown + "@");
    });
    return SECRET_QUERY.matcher(out).replaceAll("$1" + MASK);
  }

  public static boolean isSecretName(String name) {
    return name != null && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
  }

  /** Params or env values with secret names masked. */
  public static SortedMap<String, String> values(Map<String, String> values) {
    if (values == null) {
      return null;
    }
    SortedMap<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, isSecretName(k) ? MASK : text(v)));
    return out;
  }

  /** The stored URL when {@code incoming} is its redacted form sent back unchanged, else {@code incoming}. */
  public static String restoreUrl(String incoming, String stored) {
    return incoming != null && stored != null && !incoming.equals(stored) && incoming.equals(text(stored)) ? stored : incoming;
  }

  /** Values sent back as their redacted form keep the stored value. */
  public static SortedMap<String, String> restoreValues(Map<String, String> incoming, Map<String, String> stored) {
    if (incoming == null) {
      return null;
    }
    SortedMap<String, String> out = new TreeMap<>(incoming);
    if (stored != null) {
      incoming.forEach((k, v) -> {
        String old = stored.get(k);
        if (old != null && !v.equals(old) && v.equals(isSecretName(k) ? MASK : text(old))) {
          out.put(k, old);
        }
      });
    }
    return out;
  }
}
