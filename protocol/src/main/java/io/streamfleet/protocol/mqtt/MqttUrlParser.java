package io.streamfleet.protocol.mqtt;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code --mqtt} URL into {@link MqttSettings}. Every error names the part that is wrong
 * and how to fix it, and never quotes the user information, which may hold a password.
 */
final class MqttUrlParser {
  static final String FIX = "use tcp://host:1883 or ssl://host:8883";
  static final List<String> PARAMETERS = List.of("prefix", "ca", "cert", "key");

  private MqttUrlParser() {}

  private record Scheme(boolean tls, int defaultPort) {}

  private record UserInfo(String username, String password) {}

  private record HostPort(String host, int port) {}

  private static final Map<String, Scheme> SCHEMES = Map.of(
      "tcp", new Scheme(false, 1883), "mqtt", new Scheme(false, 1883),
      "ssl", new Scheme(true, 8883), "mqtts", new Scheme(true, 8883));

  static MqttSettings parse(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("no broker URL given; " + FIX);
    }
    String text = url.strip();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0) {
      throw invalid("the URL has no scheme; " + FIX);
    }
    Scheme scheme = scheme(text.substring(0, schemeEnd));
    String rest = text.substring(schemeEnd + 3);
    int authorityEnd = indexOfAny(rest, "/?#");
    String authority = rest.substring(0, authorityEnd);
    String tail = rest.substring(authorityEnd);
    // A raw '/', '?' or '#' in a password ends the authority early; the rest then still holds the '@'.
    if (tail.indexOf('@') >= 0) {
      throw invalid("an '@' after the host; percent-encode '/', '?', '#' and '@' in the user, password and parameters"
          + " (%2F, %3F, %23, %40)");
    }
    if (tail.indexOf('#') >= 0) {
      throw invalid("unexpected '#'; percent-encode a '#' in a parameter as %23");
    }
    int queryStart = tail.indexOf('?');
    String path = queryStart < 0 ? tail : tail.substring(0, queryStart);
    if (!path.isEmpty() && !path.equals("/")) {
      throw invalid("unexpected path '" + path + "'; the URL names only the broker, the topic prefix goes in ?prefix=NAME");
    }
    int at = authority.lastIndexOf('@');
    UserInfo user = at < 0 ? new UserInfo(null, null) : userInfo(authority.substring(0, at));
    HostPort hostPort = hostPort(authority.substring(at + 1), scheme.defaultPort());
    Map<String, String> parameters = parameters(queryStart < 0 ? "" : tail.substring(queryStart + 1));

    String prefix = parameters.getOrDefault("prefix", MqttTopics.DEFAULT_PREFIX);
    MqttTopics.prefixProblem(prefix).ifPresent(problem -> {
      throw invalid("prefix '" + prefix + "' " + problem);
    });
    Path ca = file(parameters, "ca", "the PEM file of the CA that signed the broker's certificate");
    Path cert = file(parameters, "cert", "the PEM file of this client's certificate");
    Path key = file(parameters, "key", "the PEM file of the client certificate's private key");
    if ((cert == null) != (key == null)) {
      throw invalid(cert == null ? "key= needs cert= too (the client certificate that goes with the key)"
          : "cert= needs key= too (the private key of the client certificate)");
    }
    if (!scheme.tls() && (ca != null || cert != null)) {
      throw invalid("ca=, cert= and key= need TLS; use ssl://host:8883 (or mqtts://)");
    }
    return new MqttSettings(hostPort.host(), hostPort.port(), scheme.tls(), user.username(), user.password(), ca, cert, key, prefix);
  }

  private static Scheme scheme(String name) {
    Scheme scheme = SCHEMES.get(name.toLowerCase(Locale.ROOT));
    if (scheme == null) {
      throw invalid("unknown scheme '" + name + "'; " + FIX);
    }
    return scheme;
  }

  private static UserInfo userInfo(String text) {
    int colon = text.indexOf(':');
    String username = decode(colon < 0 ? text : text.substring(0, colon), "user name");
    String password = colon < 0 ? null : decode(text.substring(colon + 1), "password");
    if (username.isEmpty() && password != null) {
      throw invalid("a password needs a user name; write tcp://USER:PASSWORD@host:1883");
    }
    return new UserInfo(username.isEmpty() ? null : username, password);
  }

  private static HostPort hostPort(String text, int defaultPort) {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid("IPv6 address without its closing ']'; write tcp://[::1]:1883");
      }
      host = text.substring(1, close);
      String after = text.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw invalid("unexpected '" + after + "' after the IPv6 address; write tcp://[::1]:1883");
      }
      port = after.isEmpty() ? null : after.substring(1);
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        throw invalid("an IPv6 address needs brackets; write tcp://[::1]:1883");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw invalid("no host; " + FIX);
    }
    if (!host.matches("[A-Za-z0-9._:%-]+")) {
      throw invalid("host '" + host + "' is not a host name or IP address; " + FIX);
    }
    return new HostPort(host, port == null ? defaultPort : port(port));
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("port '" + text + "' is not a number from 1 to 65535; " + FIX);
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals < 0) {
        throw invalid("parameter '" + pair + "' has no value; write " + pair + "=VALUE");
      }
      String name = pair.substring(0, equals);
      if (!PARAMETERS.contains(name)) {
        throw invalid("unknown parameter '" + name + "'; known parameters: " + String.join(", ", PARAMETERS));
      }
      if (parameters.put(name, decode(pair.substring(equals + 1), name + "= parameter")) != null) {
        throw invalid("parameter '" + name + "' is given twice; keep one");
      }
    }
    return parameters;
  }

  private static Path file(Map<String, String> parameters, String name, String meaning) {
    String value = parameters.get(name);
    if (value == null) {
      return null;
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(name + "='" + value + "' is not a file path; " + name + "= names " + meaning);
    }
    if (!Files.isRegularFile(path)) {
      throw invalid(name + " file '" + value + "' does not exist; " + name + "= names " + meaning);
    }
    if (!Files.isReadable(path)) {
      throw invalid(name + " file '" + value + "' is not readable by this process; allow it to read the file");
    }
    return path;
  }

  private static String decode(String encoded, String what) {
    try {
      return PercentEncoding.decode(encoded, what);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("--mqtt: " + problem);
  }
}
