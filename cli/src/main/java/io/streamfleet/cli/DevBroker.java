package io.streamfleet.cli;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The MQTT broker of {@code streamfleet dev}: Moquette, embedded, on loopback, anonymous, in
 * memory, with its telemetry off. It speaks MQTT 3.1.1, so the dev cluster also exercises the
 * clients' fallback from MQTT 5. Production points {@code --mqtt} at a real broker (Mosquitto).
 */
final class DevBroker implements AutoCloseable {
  private final Server server;
  private final int port;

  private DevBroker(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  static DevBroker start(int port, Path dataDir) throws IOException {
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
    p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toString());
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    // mosquitto_sub without -i sends an empty client id (the broker picks one).
    p.setProperty(io.moquette.BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, io.moquette.BrokerConstants.DISABLED_PORT_BIND); // else 8080: the API's port
    Server server = new Server();
    server.startServer(new MemoryConfig(p));
    return new DevBroker(server, port); // the port we chose (never 0): Moquette's getPort() can answer 0 before its acceptor is up
  }

  int port() {
    return port;
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /**
   * Stops the broker. Moquette takes seconds to stop its event loops (and holds up a JVM that is
   * exiting even when stopped from a background thread), so a dev cluster that is exiting does not
   * call this: the broker keeps nothing on disk and its sockets close with the process.
   */
  @Override
  public void close() {
    server.stopServer();
  }
}
