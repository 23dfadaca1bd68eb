package io.streamfleet.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.command.RevokeToken;
import io.streamfleet.model.security.Role;
import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.testing.ManualClock;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private final StateStore store = new StateStore();
  private final ManualClock clock = new ManualClock(1_764_669_600_000L);
  private final Authenticator auth = new Authenticator(store, clock);
  private final SecureRandom random = new SecureRandom();
  private long index;

  private String token(Role role, long expiresAtMs) {
    TokenSecrets.Issued t = TokenSecrets.newApiToken(random);
    store.apply(new CreateToken(new CommandMeta(clock.millis(), "test", "test"), new TokenRecord(t.id(), role, null,
        TokenSecrets.sha256Hex(t.secret()), clock.millis(), expiresAtMs, -1, null, "test", 0), false), ++index);
    return t.text();
  }

  @Test
  void aValidTokenIsItsIdAndRole() {
    String t = token(Role.OPERATOR, 0);
    Authenticator.Result r = auth.authenticate("Bearer " + t);
    assertThat(r.ok()).isTrue();
    assertThat(r.principal().role()).isEqualTo(Role.OPERATOR);
    assertThat(r.principal().name()).isEqualTo("token:" + t.split("\\.")[1]);
  }

  @Test
  void everyFailureSaysWhyWithoutEchoingTheSecret() {
    String t = token(Role.VIEWER, clock.millis() + 1000);
    String secret = t.split("\\.")[2];
    assertThat(auth.authenticate(null).kind()).isEqualTo("missing");
    assertThat(auth.authenticate("Basic abc").kind()).isEqualTo("malformed");
    assertThat(auth.authenticate("Bearer nonsense").kind()).isEqualTo("malformed");
    Authenticator.Result wrong = auth.authenticate("Bearer " + t.substring(0, t.length() - 2) + "AA");
    assertThat(wrong.kind()).isEqualTo("unknown");
    assertThat(wrong.reason()).doesNotContain(secret.substring(0, 20));
    clock.set(clock.millis() + 1000);
    assertThat(auth.authenticate("Bearer " + t).kind()).isEqualTo("expired");
    String revoked = token(Role.ADMIN, 0);
    store.apply(new RevokeToken(new CommandMeta(clock.millis(), "t", "t"), revoked.split("\\.")[1]), ++index);
    assertThat(auth.authenticate("Bearer " + revoked).reason()).contains("revoked");
  }

  @Test
  void aRoleCoversTheRolesBelowItAndJoinRolesCoverNothing() {
    assertThat(Role.ADMIN.covers(Role.OPERATOR)).isTrue();
    assertThat(Role.OPERATOR.covers(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.covers(Role.OPERATOR)).isFalse();
    assertThat(Role.OPERATOR.covers(Role.ADMIN)).isFalse();
    assertThat(Role.AGENT.covers(Role.VIEWER)).isFalse();
  }
}
