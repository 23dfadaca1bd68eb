package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A token as the API shows it: never the secret or its hash.
 *
 * @param state valid, expired, revoked or used_up
 * @param expiresAtMs 0 means never
 * @param usesLeft -1 means unlimited
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(String id, String role, String state, String description, long createdAtMs, long expiresAtMs, int usesLeft,
    String nodeId, String createdBy, Long revokedAtMs) {}
