package io.streamfleet.server.events;

import io.streamfleet.model.Json;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.webhook.WebhookSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook's destination: each entry is one POST of its JSON, signed so the receiver can tell
 * it came from this cluster and was not replayed:
 * {@code X-Streamfleet-Signature: sha256=HEX(HMAC-SHA256(secret, TIMESTAMP + "." + BODY))} with
 * {@code X-Streamfleet-Timestamp} (Unix seconds). A 2xx delivers it. A receiver that is down, slow,
 * or answers 5xx, 408 or 429 gets it again after a backoff, without end; another 4xx (a wrong URL,
 * a rejected signature) is given up after {@link #MAX_REJECTIONS} tries, with a warning, so one
 * bad entry cannot stop the hook for good.
 */
public final class WebhookSink implements LogDelivery.Sink {
  private static final Logger log = LoggerFactory.getLogger(WebhookSink.class);
  static final int MAX_REJECTIONS = 5;

  private final WebhookSpec hook;
  private final HttpClient http;
  private final Clock clock;
  private final Runnable onFailure;
  private long rejectedId;
  private int rejections;

  /** @param onFailure counts a failed attempt (metrics) */
  public WebhookSink(WebhookSpec hook, HttpClient http, Clock clock, Runnable onFailure) {
    this.hook = hook;
    this.http = http;
    this.clock = clock;
    this.onFailure = onFailure;
  }

  @Override
  public int deliver(List<EventRecord> batch) throws InterruptedException {
    int delivered = 0;
    for (EventRecord e : batch) {
      if (!post(e)) {
        return delivered;
      }
      delivered++;
    }
    return delivered;
  }

  private boolean post(EventRecord e) throws InterruptedException {
    byte[] body;
    try {
      body = Json.mapper().writeValueAsBytes(e);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
    String timestamp = Long.toString(clock.millis() / 1000);
    HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url())).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("User-Agent", "streamfleet-webhook")
        .header("X-Streamfleet-Webhook", hook.id())
        .header("X-Streamfleet-Event-Id", Long.toString(e.id()))
        .header("X-Streamfleet-Event-Type", e.type())
        .header("X-Streamfleet-Timestamp", timestamp)
        .header("X-Streamfleet-Signature", "sha256=" + signature(hook.secret(), timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException ex) {
      onFailure.run();
      log.debug("webhook {}: POST of event {} failed: {}", hook.id(), e.id(), ex.toString());
      return false;
    }
    if (status / 100 == 2) {
      return true;
    }
    onFailure.run();
    if (status >= 500 || status == 408 || status == 429) {
      log.debug("webhook {}: event {} answered {}; retrying", hook.id(), e.id(), status);
      return false;
    }
    rejections = rejectedId == e.id() ? rejections + 1 : 1;
    rejectedId = e.id();
    if (rejections < MAX_REJECTIONS) {
      return false;
    }
    log.warn("webhook {}: {} rejected event {} with {} {} times; giving it up (check the hook's URL and the receiver's signature check)",
        hook.id(), hook.url(), e.id(), status, rejections);
    return true;
  }

  /** Hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
  public static String signature(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
    }
  }
}
