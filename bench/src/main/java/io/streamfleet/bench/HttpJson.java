package io.streamfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * JSON over plain HTTP (java.net.http) against an {@code --insecure} server, without the typed
 * client: answers are read as trees, so a field added to a view while the benchmark is being built
 * does not break it, and a large answer that only its status matters for is not parsed at all.
 */
final class HttpJson {
  private static final ObjectMapper JSON = Json.mapper();
  private final URI base;
  private final HttpClient http;

  HttpJson(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  URI base() {
    return base;
  }

  JsonNode get(String path) {
    return tree(call(HttpRequest.newBuilder(base.resolve(path)).GET(), 200, true));
  }

  String getText(String path) {
    return call(HttpRequest.newBuilder(base.resolve(path)).GET(), 200, true);
  }

  /** POSTs {@code body} (null: no body) and returns the answer, or null when {@code readAnswer} is false. */
  JsonNode post(String path, Object body, int expectedStatus, boolean readAnswer) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = call(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json").POST(publisher),
        expectedStatus, readAnswer);
    return readAnswer ? tree(text) : null;
  }

  private String call(HttpRequest.Builder request, int expectedStatus, boolean readAnswer) {
    HttpRequest r = request.timeout(Duration.ofSeconds(120)).build();
    HttpResponse<String> response;
    try {
      // the body of an expected answer that nobody reads is dropped unparsed
      response = http.send(r, info -> info.statusCode() == expectedStatus && !readAnswer
          ? HttpResponse.BodySubscribers.replacing("") : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(r.method() + " " + r.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + r.method() + " " + r.uri(), e);
    }
    if (response.statusCode() != expectedStatus) {
      String text = response.body();
      throw new IllegalStateException(r.method() + " " + r.uri() + " answered " + response.statusCode() + ", expected " + expectedStatus
          + ": " + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
    }
    return response.body();
  }

  private static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + (text.length() > 200 ? text.substring(0, 200) : text), e);
    }
  }
}
