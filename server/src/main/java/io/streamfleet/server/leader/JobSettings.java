package io.streamfleet.server.leader;

/**
 * How the leader runs the job queue.
 *
 * @param httpWorkerLeaseMs an HTTP worker not heard from for this long is declared down and its
 *     jobs go back to the queue (the seed's workers heartbeat every 30 s and poll every 10 s)
 * @param retainFinished finished jobs kept, newest first; older ones are forgotten
 * @param retainFinishedMs finished jobs older than this are forgotten
 */
public record JobSettings(long httpWorkerLeaseMs, int retainFinished, long retainFinishedMs) {
  public static final JobSettings DEFAULTS = new JobSettings(90_000, 10_000, 7L * 24 * 3_600_000);
}
