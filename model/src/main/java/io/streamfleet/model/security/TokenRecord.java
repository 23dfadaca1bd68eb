package io.streamfleet.model.security;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A token as the replicated state holds it: never the secret, only its SHA-256.
 *
 * @param id the public part of the token (shown in lists and the audit trail)
 * @param secretSha256 hex SHA-256 of the secret part
 * @param expiresAtMs wall-clock expiry; 0 means never
 * @param usesLeft join tokens: admissions left; -1 means unlimited (API tokens)
 * @param nodeId join tokens: the only node id this token may admit, or null for any
 * @param createdBy the principal that created it
 * @param revokedAtMs when it was revoked; 0 while valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRecord(
    String id,
    Role role,
    String description,
    String secretSha256,
    long createdAtMs,
    long expiresAtMs,
    int usesLeft,
    String nodeId,
    String createdBy,
    long revokedAtMs) {

  public boolean expiredAt(long nowMs) {
    return expiresAtMs > 0 && nowMs >= expiresAtMs;
  }

  public TokenRecord revoked(long atMs) {
    return new TokenRecord(id, role, description, secretSha256, createdAtMs, expiresAtMs, usesLeft, nodeId, createdBy, atMs);
  }

  public TokenRecord used() {
    return new TokenRecord(id, role, description, secretSha256, createdAtMs, expiresAtMs, usesLeft < 0 ? usesLeft : usesLeft - 1,
        nodeId, createdBy, revokedAtMs);
  }

  /** Why this token admits nothing at {@code nowMs}, or null when it is valid. */
  public String unusableReason(long nowMs) {
    if (revokedAtMs > 0) {
      return "token " + id + " was revoked";
    }
    if (expiredAt(nowMs)) {
      return "token " + id + " expired";
    }
    if (usesLeft == 0) {
      return "token " + id + " has been used up";
    }
    return null;
  }
}
