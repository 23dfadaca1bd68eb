package io.streamfleet.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A benchmark's {@code --name=value} arguments over its defaults: an unknown name or a bad number is refused, naming it. */
final class BenchArgs {
  private BenchArgs() {}

  /** The defaults with {@code args} applied, in the defaults' order. */
  static Map<String, String> parse(String[] args, Map<String, String> defaults) {
    Map<String, String> v = new LinkedHashMap<>(defaults);
    for (String a : args) {
      int eq = a.indexOf('=');
      String name = a.startsWith("--") && eq > 2 ? a.substring(2, eq) : null;
      if (name == null || !v.containsKey(name)) {
        throw new IllegalArgumentException("unknown argument '" + a + "'; expected --name=value with a name among " + defaults.keySet());
      }
      v.put(name, a.substring(eq + 1));
    }
    return v;
  }

  /** The whole number >= 0 given for {@code name} ({@code 1_000} allowed). */
  static int num(Map<String, String> v, String name) {
    try {
      int n = Integer.parseInt(v.get(name).replace("_", ""));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + "=" + v.get(name) + " is not a whole number >= 0");
    }
  }
}
