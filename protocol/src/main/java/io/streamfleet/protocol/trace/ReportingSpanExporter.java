package io.streamfleet.protocol.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the process's own log, in one line, when spans cannot reach the collector (at most
 * once a minute while it lasts) and when they reach it again. The exporter itself would print a
 * multi-line java.util.logging record with a stack trace, outside the chosen log format; that
 * output is switched off (see {@link Tracing}).
 */
final class ReportingSpanExporter implements SpanExporter {
  private static final Logger log = LoggerFactory.getLogger(ReportingSpanExporter.class);
  static final long WARN_EVERY_MS = 60_000;

  private final SpanExporter delegate;
  private final String endpoint;
  private final LongSupplier monotonicMs;
  private boolean failing;
  private long lastWarnedMs;
  private long droppedSinceWarning;

  ReportingSpanExporter(SpanExporter delegate, String endpoint, LongSupplier monotonicMs) {
    this.delegate = delegate;
    this.endpoint = endpoint;
    this.monotonicMs = monotonicMs;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result = delegate.export(spans);
    int count = spans.size();
    result.whenComplete(() -> completed(result, count));
    return result;
  }

  private synchronized void completed(CompletableResultCode result, int count) {
    if (result.isSuccess()) {
      if (failing) {
        failing = false;
        log.info("trace spans reach {} again", endpoint);
      }
      return;
    }
    droppedSinceWarning += count;
    long now = monotonicMs.getAsLong();
    if (!failing || now - lastWarnedMs >= WARN_EVERY_MS) {
      Throwable cause = result.getFailureThrowable();
      log.warn("trace spans cannot be sent to {} ({}): {} dropped{}; streams are not affected (--otlp-endpoint)", endpoint,
          cause == null ? "the collector refused them" : cause.getMessage(), droppedSinceWarning,
          failing ? " in the last minute" : "");
      lastWarnedMs = now;
      droppedSinceWarning = 0;
    }
    failing = true;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
