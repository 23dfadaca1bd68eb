package io.streamfleet.server.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where each stream's trace stands between its creation and its agent: the creation's apply
 * span, then its placement, then the push that carried it to its node. Kept in memory on every
 * server (every server applies the creation, so a new leader still has it); an entry lives
 * {@link #TTL_MS} at most and there are at most {@link #MAX_ENTRIES}, oldest first out.
 *
 * <p>The creation's context is used once: the stream's first placement joins the creation's
 * trace, a later one (a failover, a restart after a failure) starts a trace of its own.
 * Thread-safe.
 */
public final class StreamTraces {
  public static final StreamTraces OFF = new StreamTraces(Tracing.OFF, () -> 0);
  static final long TTL_MS = 5 * 60_000;
  static final int MAX_ENTRIES = 10_000;

  /**
   * @param origin the creation's span, until a placement uses it (then invalid)
   * @param epoch the epoch placed, 0 before the placement
   * @param context the newest stage's span (apply, placement, push): the next stage's parent
   * @param pushed whether a push span has been made (later pushes resend {@code context} as is)
   */
  private record Entry(SpanContext origin, long epoch, SpanContext context, boolean pushed, long atMs) {}

  private final Tracing tracing;
  private final LongSupplier monotonicMs;
  /** In order of last change, so that the expired ones are at the head. */
  private final LinkedHashMap<String, Entry> byStream = new LinkedHashMap<>();

  public StreamTraces(Tracing tracing, LongSupplier monotonicMs) {
    this.tracing = tracing;
    this.monotonicMs = monotonicMs;
  }

  /** The creation of {@code streamId} was applied within {@code applySpan}. */
  synchronized void created(String streamId, SpanContext applySpan) {
    if (tracing.on()) {
      put(streamId, new Entry(applySpan, 0, applySpan, false, monotonicMs.getAsLong()));
    }
  }

  /** The creation within {@code applySpan} was rejected: forget it, unless the stream's trace has moved on. */
  synchronized void forget(String streamId, SpanContext applySpan) {
    Entry e = byStream.get(streamId);
    if (e != null && e.context().equals(applySpan)) {
      byStream.remove(streamId);
    }
  }

  /**
   * Starts the span of placing {@code streamId} at {@code epoch} on {@code node}, and makes it the
   * stream's current stage before the placement is proposed (the push that follows its commit must
   * find it). The caller ends the span once the placement is committed.
   */
  public synchronized Span placing(String streamId, long epoch, String node) {
    if (!tracing.on()) {
      return Span.getInvalid();
    }
    Entry e = live(streamId);
    return placing(streamId, epoch, node, e == null ? SpanContext.getInvalid() : e.origin());
  }

  /** The same, as a step of {@code parent} (a failover). */
  public synchronized Span placing(String streamId, long epoch, String node, SpanContext parent) {
    if (!tracing.on()) {
      return Span.getInvalid();
    }
    Span span = tracing.span("placement", parent).setAttribute("streamfleet.stream", streamId)
        .setAttribute("streamfleet.node", node).setAttribute("streamfleet.epoch", epoch).startSpan();
    put(streamId, new Entry(SpanContext.getInvalid(), epoch, span.getSpanContext(), false, monotonicMs.getAsLong()));
    return span;
  }

  /** The root span of failing over {@code nodeId}'s streams; its placements are its children. */
  public Span failover(String nodeId, String reason) {
    return tracing.span("failover", SpanContext.getInvalid()).setAttribute("streamfleet.node", nodeId)
        .setAttribute("streamfleet.reason", reason).startSpan();
  }

  /**
   * The set to send {@code node}: {@code set} with the traceparent of each instance whose
   * placement is traced. The first push of such an instance starts a {@code push} span (added to
   * {@code started}; the caller ends it once the set is sent), and the agent continues the trace
   * from that span; later pushes carry the same traceparent.
   */
  public synchronized DesiredAssignments pushing(String node, DesiredAssignments set, List<Span> started) {
    if (byStream.isEmpty() || set == null) {
      return set;
    }
    expire();
    DesiredAssignments.Builder out = null;
    for (DesiredInstance d : set.getInstancesList()) {
      Entry e = byStream.get(d.getStreamId());
      if (e == null || e.epoch() != d.getEpoch() || d.hasJob()) {
        continue;
      }
      SpanContext context = e.context();
      if (!e.pushed()) {
        Span push = tracing.span("push", context).setSpanKind(SpanKind.PRODUCER).setAttribute("streamfleet.stream", d.getStreamId())
            .setAttribute("streamfleet.node", node).setAttribute("streamfleet.epoch", d.getEpoch()).startSpan();
        started.add(push);
        context = push.getSpanContext();
        put(d.getStreamId(), new Entry(e.origin(), e.epoch(), context, true, monotonicMs.getAsLong()));
      }
      if (out == null) {
        out = set.toBuilder();
      }
      out.putTraceparents(d.getStreamId() + "@" + d.getEpoch(), Tracing.traceparent(context));
    }
    return out == null ? set : out.build();
  }

  synchronized int size() {
    return byStream.size();
  }

  private Entry live(String streamId) {
    expire();
    return byStream.get(streamId);
  }

  private void put(String streamId, Entry e) {
    byStream.remove(streamId); // to the tail: the newest change
    byStream.put(streamId, e);
    while (byStream.size() > MAX_ENTRIES) {
      byStream.remove(byStream.keySet().iterator().next());
    }
  }

  private void expire() {
    long now = monotonicMs.getAsLong();
    for (Iterator<Map.Entry<String, Entry>> it = byStream.entrySet().iterator(); it.hasNext(); ) {
      if (now - it.next().getValue().atMs() <= TTL_MS) {
        return;
      }
      it.remove();
    }
  }
}
