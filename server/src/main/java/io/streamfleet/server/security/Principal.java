package io.streamfleet.server.security;

import io.streamfleet.model.security.Role;

/**
 * Who a request is from, as authenticated: the audit trail records {@link #name()}, never a name
 * the caller chose.
 *
 * @param name {@code token:ID} for API tokens, {@code dev} for the plaintext development mode
 */
public record Principal(String name, Role role) {
  /** {@code streamfleet dev}: plaintext on loopback, everything allowed. */
  public static final Principal DEV = new Principal("dev", Role.ADMIN);

  public static Principal ofToken(String tokenId, Role role) {
    return new Principal("token:" + tokenId, role);
  }
}
