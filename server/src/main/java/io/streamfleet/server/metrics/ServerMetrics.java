package io.streamfleet.server.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeState;
import io.streamfleet.server.state.StateStore;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus metrics. Every name starts with {@code streamfleet_} (JVM metrics
 * included), so one scrape job and one prefix find all of them.
 */
public final class ServerMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer commitLatency;
  private final Timer failover;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private volatile EventMetrics eventMetrics;
  private volatile ClusterMetrics clusterMetrics;
  private volatile LoggedDurations loggedDurations;
  private final java.util.List<java.util.function.LongSupplier> counterSources = new java.util.concurrent.CopyOnWriteArrayList<>();

  public ServerMetrics(StateStore store) {
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().startsWith("streamfleet.") ? id : id.withName("streamfleet." + id.getName());
      }
    });
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    commitLatency = Timer.builder("streamfleet.raft.commit.latency")
        .description("Time from proposing a command to its commit and apply (leader reply)")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
    failover = Timer.builder("streamfleet.failover")
        .description("From a lost node's last heartbeat to each of its streams running elsewhere (leader only)")
        .serviceLevelObjectives(java.util.stream.Stream.of(250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000)
            .map(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new))
        .register(registry);
    for (NodeState state : NodeState.values()) {
      Gauge.builder("streamfleet.nodes", store, s -> s.read(c -> c.nodes().stream().filter(n -> n.effectiveState() == state).count()))
          .description("Nodes by state").tag("state", state.wireName()).register(registry);
    }
    for (AssignmentState state : AssignmentState.values()) {
      Gauge.builder("streamfleet.streams", store, s -> s.read(c -> c.countStreams(state)))
          .description("Streams by assignment state").tag("state", state.wireName()).register(registry);
    }
  }

  /** A refused request: {@code kind} is missing, malformed, unknown, expired, revoked, wrong_role, forbidden or rate_limited. */
  public void recordAuthFailure(String kind) {
    io.micrometer.core.instrument.Counter.builder("streamfleet.auth.failures")
        .description("Requests refused by authentication, authorisation or rate limits, by kind")
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /** One stream's failover, in seconds. */
  public void recordFailover(double seconds) {
    failover.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
  }

  public void recordCommit(long nanos) {
    commitLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void recordHttp(Context ctx, float millis) {
    String route;
    try {
      route = ctx.endpoint().path;
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    Timer.builder("streamfleet.http.server.requests")
        .description("HTTP requests by method, route and status")
        .tag("method", ctx.method().name())
        .tag("route", route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** Adds the event pipeline's and the zone rules' metrics (once the leader's liveness exists). */
  public void bindEvents(StateStore store, io.streamfleet.server.leader.NodeLiveness liveness, java.time.Clock clock) {
    eventMetrics = new EventMetrics(registry, store, liveness, clock);
  }

  /** Adds Raft's, the nodes' and the streams' metrics (once the leader's liveness exists). */
  public void bindCluster(StateStore store, io.streamfleet.server.leader.NodeLiveness liveness, RaftStatus raft) {
    clusterMetrics = new ClusterMetrics(registry, store, liveness, raft, System::nanoTime, System::currentTimeMillis);
    loggedDurations = new LoggedDurations(registry, store);
  }

  /** A counter kept elsewhere (a LongAdder), read when scraped; {@code name} in dotted form, e.g. {@code streamfleet.webhook.failures}. */
  public void bindCounter(String name, String description, java.util.function.LongSupplier value) {
    // Micrometer holds the state object weakly: a method reference held by nobody else would be
    // collected at the next GC and the counter would read 0 from then on. Hold it here.
    counterSources.add(value);
    io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> v.getAsLong()).description(description).register(registry);
  }

  public String scrape() {
    EventMetrics events = eventMetrics;
    if (events != null) {
      events.refresh();
    }
    ClusterMetrics cluster = clusterMetrics;
    if (cluster != null) {
      cluster.refresh();
    }
    LoggedDurations durations = loggedDurations;
    if (durations != null) {
      durations.refresh();
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
