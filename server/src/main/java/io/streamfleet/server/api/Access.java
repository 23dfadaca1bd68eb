package io.streamfleet.server.api;

import io.javalin.security.RouteRole;
import io.streamfleet.model.security.Role;

/**
 * What an endpoint needs, declared where the route is registered. A route without one needs
 * {@code admin} ({@link ApiGuard} fails closed), and {@code HttpApiAccessTest} checks that every
 * route declares one.
 */
enum Access implements RouteRole {
  /** Anyone: health, and the join exchange (which checks its own token). */
  PUBLIC(null),
  VIEWER(Role.VIEWER),
  OPERATOR(Role.OPERATOR),
  ADMIN(Role.ADMIN);

  private final Role role;

  Access(Role role) {
    this.role = role;
  }

  Role role() {
    return role;
  }
}
