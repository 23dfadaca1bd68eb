package io.streamfleet.bench;

import io.streamfleet.agent.events.EventOutbox;
import io.streamfleet.agent.events.MqttEventSink;
import io.streamfleet.agent.events.OutboxLimits;
import io.streamfleet.agent.events.OutboxPump;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.rule.RuleRequest;
import io.streamfleet.protocol.mqtt.MqttConnection;
import io.streamfleet.protocol.mqtt.MqttSettings;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.ProcessorEvent;
import io.streamfleet.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The event pipeline's figures (docs/benchmarks.md), against a real Mosquitto on loopback, each
 * beside a baseline from the same run:
 *
 * <ol>
 *   <li>throughput: N events one agent appends to its on-disk outbox as fast as it can, delivered
 *       by the outbox pump and MQTT sink (QoS 1) until the broker acknowledged all; baseline: the
 *       same N messages published straight with the same MQTT client and window, no outbox;
 *   <li>latency from the processor's event (outbox append) to a subscriber, at a steady RATE per
 *       second; baseline: straight publishes at the same rate;
 *   <li>server intake: A simulated agents each sending E events per second over their sessions to
 *       a real server (TLS), which commits them to the replicated log; time from send to EventAck;
 *   <li>rule latency: from the deciding event (the second camera's) sent by an agent to the action
 *       message at a subscriber of the broker the server publishes to; R rounds, one fresh rule each.
 * </ol>
 *
 * Usage: EventBench JAR [N=100000] [RATE=1000] [SAMPLES=10000] [A=100] [E=10] [WINDOW_S=20] [R=100]
 */
public final class EventBench {
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/streamfleet.jar").toAbsolutePath();
    int n = intArg(args, 1, 100_000);
    int rate = intArg(args, 2, 1_000);
    int samples = intArg(args, 3, 10_000);
    int agents = intArg(args, 4, 100);
    int perAgent = intArg(args, 5, 10);
    int windowS = intArg(args, 6, 20);
    int rounds = intArg(args, 7, 100);
    Path work = Files.createTempDirectory("streamfleet-event-bench");
    System.out.printf("machine: %d cores, Java %s; N=%d, RATE=%d/s, SAMPLES=%d, A=%d agents x E=%d events/s for %d s, R=%d rule rounds%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), n, rate, samples, agents, perAgent, windowS, rounds);
    try (MosquittoBroker broker = MosquittoBroker.start(work.resolve("broker"), "max_inflight_messages 1000\nmax_queued_messages 100000")) {
      MqttSettings settings = MqttSettings.parse(broker.url());
      if (n > 0) {
        throughput(settings, work, n);
      }
      if (samples > 0) {
        latency(settings, work, rate, samples);
      }
      if (agents > 0) {
        intake(jar, work, agents, perAgent, windowS);
      }
      if (rounds > 0) {
        ruleLatency(jar, work, broker, rounds);
      }
    }
  }

  // ---- 1. throughput ----

  private static void throughput(MqttSettings settings, Path work, int n) throws Exception {
    for (int run = 0; run < 2; run++) { // the first run warms up the JIT, the second is reported
      boolean report = run == 1;
      try (MqttConnection mqtt = connected(settings, "bench-raw-" + run)) {
        Semaphore window = new Semaphore(OutboxPump.DEFAULT_WINDOW);
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          window.acquire();
          mqtt.publish("bench/raw/cam-" + (i % 10), payload(i), false).whenComplete((v, e) -> {
            window.release();
            done.countDown();
          });
        }
        done.await();
        if (report) {
          System.out.printf("throughput, baseline (straight QoS 1 publishes, window %d): %d events in %.2f s = %.0f events/s%n",
              OutboxPump.DEFAULT_WINDOW, n, secondsSince(t0), n / secondsSince(t0));
        }
      }
      Path dir = work.resolve("outbox-" + run);
      try (MqttConnection mqtt = connected(settings, "bench-outbox-" + run);
           EventOutbox outbox = EventOutbox.open(dir, "bench-1", List.of(MqttEventSink.NAME), OutboxLimits.DEFAULTS, Clock.systemUTC())) {
        MqttEventSink sink = new MqttEventSink(settings.topics(), MqttEventSink.Publisher.of(mqtt));
        try (OutboxPump pump = OutboxPump.start(outbox, sink, OutboxPump.DEFAULT_WINDOW, failures -> Duration.ofMillis(50))) {
          long t0 = System.nanoTime();
          for (int i = 0; i < n; i++) {
            outbox.append("cam-" + (i % 10), 1, "motion_start", System.currentTimeMillis(), "{\"i\":" + i + "}");
          }
          double appendS = secondsSince(t0);
          waitFor(() -> outbox.cursor(MqttEventSink.NAME) >= outbox.lastOffset(), 300_000, "all events acknowledged");
          if (report) {
            System.out.printf("throughput, outbox -> pump -> MQTT (QoS 1): %d events in %.2f s = %.0f events/s (appending alone: %.0f events/s)%n",
                n, secondsSince(t0), n / secondsSince(t0), n / appendS);
          }
        }
      }
    }
  }

  // ---- 2. latency ----

  private static void latency(MqttSettings settings, Path work, int rate, int samples) throws Exception {
    long[] raw = measureLatency(settings, rate, samples, "raw", (mqtt, i, topicStream) ->
        mqtt.publish(settings.topics().streamEvents(topicStream), ("{\"payload\":{\"t\":" + System.nanoTime() + "}}")
            .getBytes(StandardCharsets.UTF_8), false));
    System.out.println("latency, baseline (straight QoS 1 publish -> subscriber): " + Stats.ofNanos(raw));
    Path dir = work.resolve("outbox-latency");
    try (MqttConnection mqtt = connected(settings, "bench-latency-outbox");
         EventOutbox outbox = EventOutbox.open(dir, "bench-1", List.of(MqttEventSink.NAME), OutboxLimits.DEFAULTS, Clock.systemUTC())) {
      MqttEventSink sink = new MqttEventSink(settings.topics(), MqttEventSink.Publisher.of(mqtt));
      try (OutboxPump pump = OutboxPump.start(outbox, sink, OutboxPump.DEFAULT_WINDOW, failures -> Duration.ofMillis(50))) {
        long[] viaOutbox = measureLatency(settings, rate, samples, "outbox", (unused, i, stream) -> {
          outbox.append(stream, 1, "motion_start", System.currentTimeMillis(), "{\"t\":" + System.nanoTime() + "}");
          return CompletableFuture.completedFuture(null);
        });
        System.out.println("latency, processor event (outbox append) -> subscriber: " + Stats.ofNanos(viaOutbox));
      }
    }
  }

  private interface Producer {
    CompletableFuture<Void> produce(MqttConnection mqtt, int i, String stream) throws Exception;
  }

  /** Produces {@code samples} events at {@code rate} per second and returns each one's time to the subscriber. */
  private static long[] measureLatency(MqttSettings settings, int rate, int samples, String label, Producer producer) throws Exception {
    String stream = "lat-" + label;
    long[] out = new long[samples];
    AtomicLong received = new AtomicLong();
    CountDownLatch probed = new CountDownLatch(1);
    int warmup = Math.min(1000, samples);
    try (MqttConnection sub = connected(settings, "bench-sub-" + label);
         MqttConnection pub = connected(settings, "bench-pub-" + label)) {
      sub.subscribe(settings.topics().streamEvents(stream), m -> {
        long now = System.nanoTime();
        String text = m.text();
        int at = text.indexOf("\"t\":");
        if (at < 0) {
          probed.countDown(); // a probe: the subscription is live
          return;
        }
        at += 4;
        long t = Long.parseLong(text.substring(at, text.indexOf('}', at)));
        long k = received.getAndIncrement();
        if (k >= warmup && k - warmup < samples) {
          out[(int) (k - warmup)] = now - t;
        }
      });
      // the subscription is live once a probe comes back
      waitFor(() -> {
        pub.publish(settings.topics().streamEvents(stream), "{\"probe\":true}".getBytes(StandardCharsets.UTF_8), false);
        try {
          return probed.await(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return false;
        }
      }, 10_000, "the subscription");
      long periodNanos = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (int i = 0; i < warmup + samples; i++) {
        long due = start + i * periodNanos;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        producer.produce(pub, i, stream);
      }
      waitFor(() -> received.get() >= warmup + samples, 60_000, "every latency sample");
    }
    return out;
  }

  // ---- 3. server intake ----

  private static void intake(Path jar, Path work, int agents, int perAgent, int windowS) throws Exception {
    try (BenchServer s = new BenchServer(jar, work.resolve("intake"))) {
      s.start();
      StreamfleetClient c = s.client();
      try (AgentFleet fleet = AgentFleet.start(agents, List.of("127.0.0.1:" + s.rpcPort()), s.joinToken(agents))) {
        waitFor(() -> fleet.registered() == agents, 120_000, "all agents registered");
        for (int i = 0; i < agents; i++) {
          c.createStream(new StreamRequest("cam-" + i, "synthetic://cam-" + i, "motion", null,
              new StreamRequest.ResourceRequest(100, 64, null, null), null, null, null, null, null));
        }
        waitFor(() -> fleet.sessions().stream().mapToInt(x -> x.assigned.size()).sum() == agents, 60_000, "every stream assigned");
        LongAdder acked = new LongAdder();
        LongAdder sent = new LongAdder();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        long lastIdBefore = c.events(0, Map.of(), 1).lastId();
        long t0 = System.nanoTime();
        long end = t0 + windowS * 1_000_000_000L;
        for (AgentFleet.Session session : fleet.sessions()) {
          List<DesiredInstance> mine = session.assigned;
          Map<Long, Long> sentAt = new ConcurrentHashMap<>(); // outbox offset -> send time
          long[] sample = new long[Math.max(1, mine.size()) * perAgent * (windowS + 1)];
          int[] count = {0};
          latencies.add(sample);
          session.onEventAck = upTo -> {
            long now = System.nanoTime();
            for (var it = sentAt.entrySet().iterator(); it.hasNext(); ) {
              var e = it.next();
              if (e.getKey() <= upTo) {
                synchronized (sample) {
                  if (count[0] < sample.length) {
                    sample[count[0]++] = now - e.getValue();
                  }
                }
                acked.increment();
                it.remove();
              }
            }
          };
          senders.add(Thread.ofVirtual().start(() -> {
            long period = 1_000_000_000L / perAgent;
            long first = System.nanoTime();
            long offset = 0;
            for (long seq = 1; System.nanoTime() < end; seq++) {
              long wait = first + (seq - 1) * period - System.nanoTime();
              if (wait > 0) {
                try {
                  Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                  return;
                }
              }
              for (DesiredInstance d : mine) { // each of this node's cameras reports perAgent events a second
                offset++;
                sentAt.put(offset, System.nanoTime());
                session.sendEvent(ProcessorEvent.newBuilder().setStreamId(d.getStreamId()).setEpoch(d.getEpoch()).setSequence(seq)
                    .setKind("motion_start").setAtMs(System.currentTimeMillis()).setPayloadJson("{\"seq\":" + seq + "}")
                    .setOutboxOffset(offset).setNodeId(session.nodeId).build());
                sent.increment();
              }
            }
          }));
        }
        for (Thread t : senders) {
          t.join();
        }
        waitFor(() -> acked.sum() >= sent.sum(), 120_000, "every event acknowledged");
        double seconds = secondsSince(t0);
        long taken = c.events(0, Map.of(), 1).lastId() - lastIdBefore;
        long[] all = latencies.stream().flatMapToLong(x -> java.util.Arrays.stream(x).filter(v -> v > 0)).toArray();
        System.out.printf("server intake, %d agents, %d events/s per camera for %d s (TLS sessions): %d sent, %d acknowledged,"
            + " %d log entries added in %.1f s (%.0f/s)%n", agents, perAgent, windowS, sent.sum(), acked.sum(), taken, seconds, taken / seconds);
        System.out.println("server intake, send -> EventAck (committed to the replicated log): " + Stats.ofNanos(all));
      }
    }
  }

  // ---- 4. rule latency ----

  private static void ruleLatency(Path jar, Path work, MosquittoBroker broker, int rounds) throws Exception {
    try (BenchServer s = new BenchServer(jar, work.resolve("rules"), "--mqtt", broker.url())) {
      s.start();
      StreamfleetClient c = s.client();
      try (AgentFleet fleet = AgentFleet.start(2, List.of("127.0.0.1:" + s.rpcPort()), s.joinToken(2));
           MqttConnection sub = connected(MqttSettings.parse(broker.url()), "bench-rule-sub")) {
        waitFor(() -> fleet.registered() == 2, 60_000, "both agents registered");
        // two cameras in zone "north", one on each simulated node
        for (String cam : List.of("cam-a", "cam-b")) {
          c.createStream(new StreamRequest(cam, "synthetic://" + cam, "motion", null, new StreamRequest.ResourceRequest(100, 64, null, null),
              null, null, null, "north-cams", null, List.of(), null));
        }
        waitFor(() -> fleet.sessions().stream().allMatch(x -> x.assigned.size() == 1), 60_000, "one camera per node");
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        sub.subscribe("bench/pump/#", m -> arrived.putIfAbsent(m.topic(), System.nanoTime()));
        long[] out = new long[rounds];
        long seq = 0;
        for (int r = 0; r < rounds; r++) {
          String kind = "fire-" + r;
          String topic = "bench/pump/round-" + r;
          // a rule on the cameras' group, one per round so that earlier votes do not count
          c.putRule(new RuleRequest("round-" + r, null, "north-cams", kind, null, 2, 2, 60L, 1, 0.01, topic, "ON", null, 0L, 60L));
          AgentFleet.Session first = fleet.sessions().get(0);
          AgentFleet.Session second = fleet.sessions().get(1);
          seq++;
          first.sendEvent(event(first, kind, seq));
          String ruleId = "round-" + r;
          waitFor(() -> c.rule(ruleId).status().votes() == 1, 10_000, "the first vote");
          long t = System.nanoTime();
          second.sendEvent(event(second, kind, seq));
          waitFor(() -> arrived.containsKey(topic), 10_000, "the action of round " + r);
          out[r] = arrived.get(topic) - t;
          c.deleteRule(ruleId);
        }
        System.out.println("rule latency, deciding event sent -> action message at a subscriber: " + Stats.ofNanos(out));
      }
    }
  }

  private static ProcessorEvent event(AgentFleet.Session session, String kind, long seq) {
    DesiredInstance d = session.assigned.get(0);
    return ProcessorEvent.newBuilder().setStreamId(d.getStreamId()).setEpoch(d.getEpoch()).setSequence(seq).setKind(kind)
        .setAtMs(System.currentTimeMillis()).setPayloadJson("{\"confidence\":0.9}").setOutboxOffset(seq).setNodeId(session.nodeId).build();
  }

  // ---- helpers ----

  private static MqttConnection connected(MqttSettings settings, String clientId) throws InterruptedException {
    MqttConnection c = MqttConnection.start(settings, clientId, null, () -> { });
    if (!c.awaitConnected(Duration.ofSeconds(10))) {
      throw new IllegalStateException(clientId + " could not connect to " + settings.redacted());
    }
    return c;
  }

  private static byte[] payload(int i) {
    return ("{\"stream\":\"cam-" + (i % 10) + "\",\"epoch\":1,\"seq\":" + i + ",\"kind\":\"motion_start\",\"payload\":{\"i\":" + i + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static int intArg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  private static void waitFor(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
