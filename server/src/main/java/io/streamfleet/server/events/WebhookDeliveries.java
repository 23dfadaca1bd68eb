package io.streamfleet.server.events;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.WebhookDelivered;
import io.streamfleet.model.webhook.WebhookSpec;
import io.streamfleet.model.webhook.WebhookState;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's webhook deliveries: one {@link LogDelivery} per webhook of the replicated state,
 * started when this server leads and the hook exists, restarted when the hook changes, stopped
 * when it is deleted or leadership moves.
 */
public final class WebhookDeliveries {
  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

  private final StateStore store;
  private final EventSignal signal;
  private final WritePort writes;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Running> running = new HashMap<>();
  private final LongAdder failures = new LongAdder();
  private boolean leading;

  private record Running(WebhookSpec spec, LogDelivery delivery) {}

  public WebhookDeliveries(StateStore store, EventSignal signal, WritePort writes, Clock clock) {
    this.store = store;
    this.signal = signal;
    this.writes = writes;
    this.clock = clock;
    store.onChange(this::reconcileSoon);
  }

  public synchronized void leadershipGained() {
    leading = true;
    reconcile();
  }

  public synchronized void leadershipLost() {
    leading = false;
    reconcile();
  }

  /** Failed delivery attempts since start (metric). */
  public long failures() {
    return failures.sum();
  }

  private void reconcileSoon() {
    // Runs on the apply thread: only look whether the set of hooks changed, cheaply.
    Set<String> ids = store.read(s -> s.webhooks().stream().map(h -> h.spec().id() + "@" + h.spec().hashCode()).collect(Collectors.toSet()));
    synchronized (this) {
      Set<String> have = running.values().stream().map(r -> r.spec().id() + "@" + r.spec().hashCode()).collect(Collectors.toSet());
      if (leading ? !ids.equals(have) : !running.isEmpty()) {
        Thread.ofVirtual().name("webhook-reconcile").start(this::reconcile);
      }
    }
  }

  private synchronized void reconcile() {
    List<WebhookState> hooks = leading ? List.copyOf(store.read(s -> List.copyOf(s.webhooks()))) : List.of();
    Map<String, WebhookSpec> wanted = new HashMap<>();
    hooks.forEach(h -> wanted.put(h.spec().id(), h.spec()));
    running.entrySet().removeIf(e -> {
      if (!e.getValue().spec().equals(wanted.get(e.getKey()))) {
        e.getValue().delivery().stop();
        return true;
      }
      return false;
    });
    for (WebhookSpec spec : wanted.values()) {
      if (!running.containsKey(spec.id())) {
        LogDelivery d = new LogDelivery("webhook-" + spec.id(), store, signal, () -> deliveredId(spec.id()), new EventFilter(spec.types(), spec.kinds(), spec.streams(), spec.nodes(), spec.zones()),
            new WebhookSink(spec, http, clock, failures::increment), upTo -> mark(spec.id(), upTo), clock);
        running.put(spec.id(), new Running(spec, d));
        d.start();
        log.info("webhook {}: delivering to {}", spec.id(), spec.url());
      }
    }
  }

  private long deliveredId(String id) {
    return store.read(s -> {
      WebhookState h = s.webhook(id);
      return h == null ? s.lastEventId() : h.deliveredId();
    });
  }

  private void mark(String id, long upTo) {
    try {
      writes.submit(new WebhookDelivered(new CommandMeta(clock.millis(), "leader", "webhooks"), id, upTo));
    } catch (RuntimeException e) {
      log.debug("could not record webhook {} delivered up to {}: {}", id, upTo, e.getMessage());
    }
  }

  public synchronized void close() {
    leading = false;
    running.values().forEach(r -> r.delivery().stop());
    running.clear();
  }
}
