package io.streamfleet.server.security;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.security.Role;
import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.state.WriteUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's first admin token. On a server's first start it writes a candidate to {@code
 * bootstrap-token.pending} (owner-only) before proposing it, so a crash in between loses nothing;
 * the first candidate committed in the cluster wins. The winner's file becomes {@code
 * admin-token} and the token is printed once; a losing server deletes its candidate and notes
 * that the cluster was bootstrapped elsewhere ({@code bootstrap.done}).
 */
public final class BootstrapToken {
  private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);
  public static final String FILE = "admin-token";
  private static final String PENDING = "bootstrap-token.pending";
  private static final String DONE = "bootstrap.done";

  private final Path dataDir;
  private final WritePort writes;
  private final Clock clock;
  private final SecureRandom random;
  private final PrintStream console;
  private final String serverId;

  public BootstrapToken(Path dataDir, WritePort writes, Clock clock, SecureRandom random, PrintStream console, String serverId) {
    this.dataDir = dataDir;
    this.writes = writes;
    this.clock = clock;
    this.random = random;
    this.console = console;
    this.serverId = serverId;
  }

  /** Whether this server still has to take part in bootstrapping. */
  public boolean needed() {
    return !Files.exists(dataDir.resolve(FILE)) && !Files.exists(dataDir.resolve(DONE));
  }

  /**
   * One attempt: proposes this server's candidate (created if absent).
   *
   * @return true when settled (this server's token won, or another's did)
   * @throws WriteUnavailableException when no leader committed it yet; try again later
   */
  public boolean attempt() throws IOException {
    Path pending = dataDir.resolve(PENDING);
    if (!Files.exists(pending)) {
      io.streamfleet.protocol.tls.Pem.write(pending, TokenSecrets.newApiToken(random).text() + "\n", true);
    }
    String text = Files.readString(pending, StandardCharsets.US_ASCII).trim();
    TokenSecrets.Presented p = TokenSecrets.parse(text).orElseThrow(() -> new IOException(pending + " is damaged; delete it and restart"));
    long now = clock.millis();
    TokenRecord record = new TokenRecord(p.id(), Role.ADMIN, "bootstrap admin token", TokenSecrets.sha256Hex(p.secret()), now, 0, -1, null,
        "server:" + serverId, 0);
    CommandResult result = writes.submit(new CreateToken(new CommandMeta(now, "server:" + serverId, "bootstrap"), record, true));
    if (result.isOk() || (result.message() != null && result.message().endsWith(" " + p.id()))) {
      Files.move(pending, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
      console.println("""

          Bootstrap admin token (shown once; also in %s, readable only by this user):
            %s
          Use it: export STREAMFLEET_TOKEN=$(cat %s); then create narrower tokens with `streamfleet token create`.
          """.formatted(dataDir.resolve(FILE), text, dataDir.resolve(FILE)));
      log.info("bootstrap admin token {} created; its secret is in {}", p.id(), dataDir.resolve(FILE));
      return true;
    }
    Files.deleteIfExists(pending);
    Files.writeString(dataDir.resolve(DONE), "the cluster's bootstrap admin token was created by another server\n");
    log.info("the cluster already has a bootstrap admin token ({}); this server's candidate was dropped", result.message());
    return true;
  }
}
