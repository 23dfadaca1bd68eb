package io.streamfleet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One argument of an exec processor's command with {@code {placeholder}} fields. Known fields:
 * {@code {stream.id}}, {@code {stream.url}}, {@code {epoch}}, {@code {node.id}}, {@code
 * {data.dir}} and {@code {param.NAME}}. {@code {{} and {@code }}} are literal braces.
 */
public final class CommandTemplate {
  public static final List<String> FIELDS = List.of("stream.id", "stream.url", "epoch", "node.id", "data.dir");
  private static final Pattern PARAM = Pattern.compile("param\\.[a-z0-9]([a-z0-9\\-_.]{0,61}[a-z0-9])?");

  private CommandTemplate() {}

  /** Returns what is wrong with one template argument, or empty when it is well-formed. */
  public static Optional<String> problem(String arg) {
    try {
      expand(arg, null);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Replaces the placeholders of {@code arg} with {@code values} (keys as in {@link #FIELDS} and
   * "param.NAME"). With null values, only checks the syntax.
   *
   * @throws IllegalArgumentException naming the unknown or unclosed placeholder
   */
  public static String expand(String arg, Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < arg.length()) {
      char c = arg.charAt(i);
      if (c == '{' && i + 1 < arg.length() && arg.charAt(i + 1) == '{') {
        out.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < arg.length() && arg.charAt(i + 1) == '}') {
        out.append('}');
        i += 2;
      } else if (c == '{') {
        int end = arg.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("'" + arg + "' has an unclosed '{'; write {{ for a literal brace");
        }
        String field = arg.substring(i + 1, end);
        if (!FIELDS.contains(field) && !PARAM.matcher(field).matches()) {
          throw new IllegalArgumentException("unknown placeholder {" + field + "} in '" + arg + "'; known: "
              + String.join(", ", FIELDS.stream().map(f -> "{" + f + "}").toList()) + ", {param.NAME}");
        }
        if (values != null) {
          String v = values.get(field);
          if (v == null) {
            throw new IllegalArgumentException("no value for placeholder {" + field + "} in '" + arg + "'");
          }
          out.append(v);
        }
        i = end + 1;
      } else if (c == '}') {
        throw new IllegalArgumentException("'" + arg + "' has a stray '}'; write }} for a literal brace");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Expands every argument of a command. */
  public static List<String> expandAll(List<String> command, Map<String, String> values) {
    List<String> out = new ArrayList<>(command.size());
    for (String arg : command) {
      out.add(expand(arg, values));
    }
    return out;
  }
}
