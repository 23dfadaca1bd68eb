/**
 * The server's spans of a stream's way from a request to its first frame (docs/operations.md,
 * "Tracing"):
 *
 * <pre>
 *  POST /api/v1/streams ─► raft.commit ─► raft.apply (each server) ─► placement ─► push ─►  agent: agent.start, first_frame
 *   (api.RequestTracing)   (CommandTracing, the envelope's traceparent)  (StreamTraces: creation → placement → push)
 * </pre>
 *
 * A stream placed without a creation trace (failover, a failed instance) starts a new trace at
 * its placement. Nothing here changes what is decided or applied: traces travel beside commands
 * and desired sets, never in them.
 */
package io.streamfleet.server.tracing;
