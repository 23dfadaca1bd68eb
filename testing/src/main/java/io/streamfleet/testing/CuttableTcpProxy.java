package io.streamfleet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A loopback TCP relay to a port, whose link can be cut and healed: while cut, every connection
 * through it is closed and new ones are closed at once, as when the far side is unreachable.
 * Lets a test take the broker away from one client while another (a subscriber) stays connected.
 */
public final class CuttableTcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = new HashSet<>(); // guarded by this
  private boolean cut; // guarded by this

  private CuttableTcpProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  public static CuttableTcpProxy start(int targetPort) throws IOException {
    CuttableTcpProxy proxy = new CuttableTcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    Thread.ofVirtual().name("proxy-accept").start(proxy::acceptAll);
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  public synchronized void cut() {
    cut = true;
    sockets.forEach(CuttableTcpProxy::closeQuietly);
    sockets.clear();
  }

  public synchronized void heal() {
    cut = false;
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        relay(server.accept());
      } catch (IOException e) {
        // closed, or one connection failed: the loop condition decides
      }
    }
  }

  private synchronized void relay(Socket client) throws IOException {
    if (cut) {
      client.close();
      return;
    }
    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    sockets.add(client);
    sockets.add(upstream);
    pipe(client, upstream);
    pipe(upstream, client);
  }

  private static void pipe(Socket from, Socket to) {
    Thread.ofVirtual().name("proxy-pipe").start(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // cut or closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
  }
}
