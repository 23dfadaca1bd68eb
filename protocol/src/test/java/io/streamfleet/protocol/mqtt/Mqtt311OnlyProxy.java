package io.streamfleet.protocol.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in front of a real broker and makes it look like a broker without MQTT 5 (mosquitto
 * cannot be told to refuse it): an MQTT 5 CONNECT gets the 3.1.1 CONNACK "unacceptable protocol
 * version" and the connection is closed; any other connection is passed through byte for byte.
 * When either side of a passed-through connection closes, so does the other, so a client that
 * drops its connection looks to the broker like one that vanished.
 */
final class Mqtt311OnlyProxy implements AutoCloseable {
  private static final int MQTT_5 = 5;
  private static final byte[] CONNACK_UNACCEPTABLE_PROTOCOL_VERSION = {0x20, 0x02, 0x00, 0x01};

  private final ServerSocket server;
  private final int brokerPort;
  private final AtomicInteger refusedMqtt5 = new AtomicInteger();

  private Mqtt311OnlyProxy(ServerSocket server, int brokerPort) {
    this.server = server;
    this.brokerPort = brokerPort;
    Thread.ofVirtual().name("mqtt311-proxy").start(this::acceptLoop);
  }

  static Mqtt311OnlyProxy start(int brokerPort) throws IOException {
    return new Mqtt311OnlyProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), brokerPort);
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many MQTT 5 CONNECTs were refused. */
  int refusedMqtt5() {
    return refusedMqtt5.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try {
      byte[] connectStart = readConnectUpToProtocolLevel(client.getInputStream());
      if (connectStart[connectStart.length - 1] == MQTT_5) {
        refusedMqtt5.incrementAndGet();
        client.getOutputStream().write(CONNACK_UNACCEPTABLE_PROTOCOL_VERSION);
        client.getOutputStream().flush();
        client.close();
        return;
      }
      Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
      broker.getOutputStream().write(connectStart);
      InputStream fromBroker = broker.getInputStream();
      OutputStream toClient = client.getOutputStream();
      Thread.ofVirtual().start(() -> pipe(fromBroker, toClient, client, broker));
      pipe(client.getInputStream(), broker.getOutputStream(), client, broker);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** The fixed header, the protocol name and the protocol level byte (last) of a CONNECT packet. */
  private static byte[] readConnectUpToProtocolLevel(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    read.write(data.readUnsignedByte()); // packet type CONNECT
    int lengthByte;
    do { // remaining length: a variable byte integer
      lengthByte = data.readUnsignedByte();
      read.write(lengthByte);
    } while ((lengthByte & 0x80) != 0);
    int nameLength = data.readUnsignedShort();
    read.write(nameLength >> 8);
    read.write(nameLength);
    read.write(data.readNBytes(nameLength));
    read.write(data.readUnsignedByte()); // protocol level: 4 = 3.1.1, 5 = MQTT 5
    return read.toByteArray();
  }

  private static void pipe(InputStream from, OutputStream to, Socket client, Socket broker) {
    try (client; broker) {
      from.transferTo(to);
    } catch (IOException e) {
      // one side closed: closing both (above) passes that on
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }
}
