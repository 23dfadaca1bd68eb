package io.streamfleet.cli;

import io.streamfleet.model.api.TokenCreated;
import io.streamfleet.model.api.TokenRequest;
import io.streamfleet.model.api.TokenView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet token create|ls|revoke} (admin). */
@Command(name = "token", mixinStandardHelpOptions = true, description = "API tokens (viewer, operator, admin) and join tokens (agent).",
    subcommands = {TokenCommand.Create.class, TokenCommand.Ls.class, TokenCommand.Revoke.class})
final class TokenCommand {
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token; its secret is printed once.")
  static final class Create implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Option(names = "--role", required = true, description = "viewer, operator, admin, or agent (a join token for one node).")
    String role;
    @Option(names = "--ttl", paramLabel = "DURATION", description = "Lifetime, e.g. 30m, 1h, 7d (default: never for API tokens, 1h for join tokens).")
    String ttl;
    @Option(names = "--uses", description = "Join tokens: how many nodes it may admit (default: 1).")
    Integer uses;
    @Option(names = "--node-id", description = "Join tokens: the only node id it may admit.")
    String nodeId;
    @Option(names = "--description", description = "What the token is for.")
    String description;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      TokenCreated created = client.client().createToken(new TokenRequest(role, ttl == null ? null : parseDuration(ttl).toSeconds(), uses,
          nodeId, description));
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, created)) {
        return;
      }
      out.println(created.secret());
      PrintWriter err = spec.commandLine().getErr();
      err.println("token " + created.token().id() + " (" + created.token().role() + ")" + expiry(created.token())
          + ": the secret above is shown only now.");
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<TokenView> tokens = client.client().tokens();
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, tokens)) {
        return;
      }
      Table t = new Table("ID", "ROLE", "STATE", "EXPIRES", "USES LEFT", "NODE", "CREATED BY", "DESCRIPTION");
      for (TokenView v : tokens) {
        t.row(v.id(), v.role(), v.state(), v.expiresAtMs() == 0 ? "never" : Instant.ofEpochMilli(v.expiresAtMs()).toString(),
            v.usesLeft() < 0 ? "-" : v.usesLeft(), v.nodeId() == null ? "-" : v.nodeId(), v.createdBy(), v.description() == null ? "" : v.description());
      }
      t.print(out);
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token: it stops working at once.")
  static final class Revoke implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      client.client().revokeToken(id);
      spec.commandLine().getOut().println("token " + id + " revoked");
    }
  }

  private static String expiry(TokenView v) {
    return v.expiresAtMs() == 0 ? ", never expires" : ", expires " + Instant.ofEpochMilli(v.expiresAtMs());
  }

  /** 90s, 30m, 12h, 7d, or a whole number of seconds. */
  static Duration parseDuration(String text) {
    return DurationText.parse("--ttl", text);
  }
}
