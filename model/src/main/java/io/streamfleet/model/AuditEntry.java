package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One mutating API call as committed: who, what, when, and how it ended.
 *
 * @param seq position in the audit trail (grows by one per entry, never reused)
 * @param logIndex the Raft log index of the command
 * @param outcome "ok" or the error code the command was rejected with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
    long seq, long logIndex, long atMs, String actor, String source, String action, String target, String outcome) {}
