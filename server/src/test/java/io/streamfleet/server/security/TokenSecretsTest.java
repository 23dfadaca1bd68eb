package io.streamfleet.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void anIssuedTokenParsesBackAndMatchesOnlyItsOwnHash() {
    TokenSecrets.Issued t = TokenSecrets.newApiToken(random);
    TokenSecrets.Presented p = TokenSecrets.parse(t.text()).orElseThrow();
    assertThat(p.id()).isEqualTo(t.id());
    assertThat(p.caPin()).isNull();
    assertThat(TokenSecrets.matches(p.secret(), TokenSecrets.sha256Hex(t.secret()))).isTrue();
    assertThat(TokenSecrets.matches(p.secret() + "x", TokenSecrets.sha256Hex(t.secret()))).isFalse();
    assertThat(TokenSecrets.sha256Hex(t.secret())).doesNotContain(t.secret());
  }

  @Test
  void aJoinTokenCarriesTheCaPin() {
    String pin = "A".repeat(43);
    TokenSecrets.Issued t = TokenSecrets.newJoinToken(random, pin);
    assertThat(TokenSecrets.parse(t.text()).orElseThrow().caPin()).isEqualTo(pin);
  }

  @Test
  void anythingElseIsNotAToken() {
    assertThat(TokenSecrets.parse(null)).isEmpty();
    assertThat(TokenSecrets.parse("")).isEmpty();
    assertThat(TokenSecrets.parse("sf1.abc.def")).isEmpty();
    assertThat(TokenSecrets.parse("sf1.0123456789ab." + "A".repeat(42))).isEmpty();
    assertThat(TokenSecrets.parse("sf2.0123456789ab." + "A".repeat(43))).isEmpty();
  }
}
