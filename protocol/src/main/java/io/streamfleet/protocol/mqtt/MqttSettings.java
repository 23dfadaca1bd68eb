package io.streamfleet.protocol.mqtt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach a broker, parsed from the {@code --mqtt} URL. {@code username},
 * {@code password} and the three PEM files are null when not given. {@link #toString()} masks the
 * password, so a settings object may be logged.
 */
public record MqttSettings(String host, int port, boolean tls, String username, String password,
    Path caCert, Path clientCert, Path clientKey, String topicPrefix) {
  static final String PASSWORD_MASK = "****";

  public MqttSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
  }

  /**
   * {@code tcp://[user[:password]@]host[:port][?prefix=P&ca=PATH&cert=PATH&key=PATH]}; also
   * {@code mqtt://} (plain, port 1883 by default), {@code ssl://} and {@code mqtts://} (TLS, port
   * 8883). User and password are percent-decoded; {@code prefix} defaults to "streamfleet". The
   * PEM files must exist, and cert and key come together.
   *
   * @throws IllegalArgumentException naming the wrong part and the fix
   */
  public static MqttSettings parse(String url) {
    return MqttUrlParser.parse(url);
  }

  /**
   * The URL in its canonical form ({@code tcp://} or {@code ssl://}, explicit port) with the
   * password shown as "****", for logs and startup lines.
   */
  public String redacted() {
    StringBuilder url = new StringBuilder(tls ? "ssl://" : "tcp://");
    if (username != null) {
      url.append(PercentEncoding.encode(username, "")).append(password == null ? "" : ":" + PASSWORD_MASK).append('@');
    }
    url.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
    List<String> parameters = new ArrayList<>();
    if (!topicPrefix.equals(MqttTopics.DEFAULT_PREFIX)) {
      parameters.add("prefix=" + PercentEncoding.encode(topicPrefix, "/"));
    }
    addPath(parameters, "ca", caCert);
    addPath(parameters, "cert", clientCert);
    addPath(parameters, "key", clientKey);
    if (!parameters.isEmpty()) {
      url.append('?').append(String.join("&", parameters));
    }
    return url.toString();
  }

  private static void addPath(List<String> parameters, String name, Path path) {
    if (path != null) {
      parameters.add(name + "=" + PercentEncoding.encode(path.toString(), "/"));
    }
  }

  public MqttTopics topics() {
    return new MqttTopics(topicPrefix);
  }

  /** The redacted URL: a record's default would print the password. */
  @Override
  public String toString() {
    return redacted();
  }
}
