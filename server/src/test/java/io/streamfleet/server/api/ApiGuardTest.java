package io.streamfleet.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.security.RouteRole;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiGuardTest {
  @Test
  void aRouteThatDeclaresNoAccessNeedsAdmin() {
    assertThat(ApiGuard.needed(Set.of())).isEqualTo(Access.ADMIN);
    assertThat(ApiGuard.needed(Set.of(new RouteRole() {}))).isEqualTo(Access.ADMIN);
  }

  @Test
  void theStrictestDeclaredAccessCounts() {
    assertThat(ApiGuard.needed(Set.of(Access.VIEWER))).isEqualTo(Access.VIEWER);
    assertThat(ApiGuard.needed(Set.of(Access.VIEWER, Access.OPERATOR))).isEqualTo(Access.OPERATOR);
    assertThat(ApiGuard.needed(Set.of(Access.PUBLIC))).isEqualTo(Access.PUBLIC);
  }
}
