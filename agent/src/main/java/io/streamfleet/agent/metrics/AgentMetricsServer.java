package io.streamfleet.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves {@link AgentMetrics} at {@code GET /metrics} on the address given with
 * {@code --metrics-listen} (off unless given). Plain HTTP without authentication, like most
 * exporters: bind it to loopback or to the management network Prometheus scrapes from.
 */
public final class AgentMetricsServer implements AutoCloseable {
  private final HttpServer server;

  private AgentMetricsServer(HttpServer server) {
    this.server = server;
  }

  public static AgentMetricsServer start(InetSocketAddress at, AgentMetrics metrics) throws IOException {
    HttpServer server = HttpServer.create(at, 16);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!exchange.getRequestURI().getPath().equals("/metrics")) {
          send(exchange, 404, "not found: the agent serves only GET /metrics\n");
        } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
          exchange.getResponseHeaders().add("Allow", "GET, HEAD");
          send(exchange, 405, "method not allowed: use GET\n");
        } else {
          send(exchange, 200, metrics.scrape());
        }
      } catch (RuntimeException e) {
        send(exchange, 500, "metrics failed: " + e + "\n");
      }
    });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return new AgentMetricsServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", status == 200 ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
