/**
 * Tracing with OpenTelemetry, shared by servers and agents: {@link io.streamfleet.protocol.trace.Tracing}
 * makes spans (exported over OTLP/HTTP when an endpoint is configured), carries a span's context
 * between processes as a W3C {@code traceparent} string (in Raft commands, in desired sets) and
 * puts the current trace and span ids into the log's MDC ({@code trace_id}, {@code span_id}).
 */
package io.streamfleet.protocol.trace;
