package io.streamfleet.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in Streamfleet server on an ephemeral port: answers scripted per "METHOD /path" (a
 * queue per route, the last answer repeating) and records every request, so a test runs a CLI
 * command against it and checks both what was sent and what was printed. A test class holds one
 * per test as {@code @RegisterExtension final StubApi api = StubApi.started();}: it stops after
 * each test.
 */
final class StubApi implements AutoCloseable, AfterEachCallback {
  record Request(String method, String path, String query, String body) {}

  record Answer(int status, String body) {}

  record Run(int exitCode, String out, String err) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new HashMap<>();
  private final List<Request> requests = new ArrayList<>();

  /** A started stub, for a field: its port is bound at once. */
  static StubApi started() {
    try {
      return new StubApi();
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind a loopback port for the stub server", e);
    }
  }

  StubApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Answer a;
      synchronized (this) {
        requests.add(new Request(method, path, exchange.getRequestURI().getRawQuery(), body));
        Deque<Answer> queue = answers.get(method + " " + path);
        a = queue == null ? new Answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route " + path + "\"}}")
            : queue.size() > 1 ? queue.poll() : queue.peek();
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(a.status(), a.status() == 204 || bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0 && a.status() != 204) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    server.start();
  }

  /** Adds an answer for the route; several answers are given in turn, the last one repeats. */
  synchronized StubApi on(String methodAndPath, int status, String body) {
    answers.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).add(new Answer(status, body));
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized Request last(String method, String path) {
    return requests.reversed().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst().orElseThrow();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Runs {@code streamfleet ARGS --server URL} against this stub. */
  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = url();
    int code = Main.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }
}
