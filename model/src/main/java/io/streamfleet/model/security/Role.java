package io.streamfleet.model.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token lets its holder do. The API roles are ordered: an {@code operator} may do what a
 * {@code viewer} may, an {@code admin} what an {@code operator} may. The join roles admit a new
 * node ({@code agent}) or server ({@code server}) once and grant no API access.
 */
public enum Role {
  /** Reads: nodes, streams, processors, capacity, audit, metrics. */
  VIEWER(1),
  /** Runs the fleet: streams, cordon and drain, rebalance, jobs. */
  OPERATOR(2),
  /** Changes what runs and who may: processor specs (which can run programs), tokens, membership. */
  ADMIN(3),
  /** Admits one agent: it trades the token for a node certificate. */
  AGENT(0),
  /** Admits one server into the control plane. */
  SERVER(0);

  private final int apiRank;

  Role(int apiRank) {
    this.apiRank = apiRank;
  }

  /** Whether this role may call an endpoint that needs {@code required} (an API role). */
  public boolean covers(Role required) {
    return apiRank > 0 && apiRank >= required.apiRank;
  }

  public boolean isJoinRole() {
    return apiRank == 0;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String s) {
    return s == null ? Optional.empty()
        : Arrays.stream(values()).filter(r -> r.wireName().equals(s.trim().toLowerCase(Locale.ROOT))).findFirst();
  }

  public static final String NAMES = "viewer, operator, admin, agent or server";
}
