package io.streamfleet.protocol.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ReportingSpanExporterTest {
  private final AtomicBoolean collectorUp = new AtomicBoolean();
  private final AtomicLong nowMs = new AtomicLong();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ReportingSpanExporter.class);
  private final ReportingSpanExporter exporter = new ReportingSpanExporter(new SpanExporter() {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return collectorUp.get() ? CompletableResultCode.ofSuccess()
          : CompletableResultCode.ofExceptionalFailure(new IOException("Connection refused"));
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }, "http://collector:4318/v1/traces", nowMs::get);

  private final ch.qos.logback.classic.Level levelBefore = logger.getLevel();
  /** Three spans (only their number matters here). */
  private final List<SpanData> three = java.util.Collections.nCopies(3, null);

  ReportingSpanExporterTest() {
    logged.start();
    logger.addAppender(logged);
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(logged);
    logger.setLevel(levelBefore);
  }

  @Test
  void aCollectorThatIsDownIsReportedInOneLineAtMostOnceAMinuteAndItsReturnOnce() {
    exporter.export(three);
    exporter.export(three);
    nowMs.addAndGet(ReportingSpanExporter.WARN_EVERY_MS);
    exporter.export(three);
    collectorUp.set(true);
    exporter.export(three);
    exporter.export(three);

    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "trace spans cannot be sent to http://collector:4318/v1/traces (Connection refused): 3 dropped; streams are not affected (--otlp-endpoint)",
        "trace spans cannot be sent to http://collector:4318/v1/traces (Connection refused): 6 dropped in the last minute; streams are not affected (--otlp-endpoint)",
        "trace spans reach http://collector:4318/v1/traces again");
    assertThat(logged.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }
}
