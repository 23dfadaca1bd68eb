package io.streamfleet.cli;

import io.streamfleet.model.api.WebhookView;
import io.streamfleet.model.webhook.WebhookRequest;
import io.streamfleet.model.webhook.WebhookSpec;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamfleet webhook add|ls|rm} (admin): POST events to a URL, signed (docs/events.md). */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Webhooks: POST events to a URL, HMAC-signed, retried until delivered.",
    subcommands = {WebhookCommand.Add.class, WebhookCommand.Ls.class, WebhookCommand.Rm.class})
final class WebhookCommand {
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a webhook (or replace the one with this id).")
  static final class Add implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID") String id;
    @Option(names = "--url", required = true, description = "Where to POST, http:// or https://.") String url;
    @Option(names = "--secret", description = "HMAC key, 16+ characters (default: generated and printed once).") String secret;
    @Option(names = "--type", split = ",", description = "Event types to send (default: all).") List<String> types;
    @Option(names = "--kind", split = ",", description = "Event kinds, e.g. fire,motion.") List<String> kinds;
    @Option(names = "--stream", split = ",", description = "Streams.") List<String> streams;
    @Option(names = "--node", split = ",", description = "Nodes.") List<String> nodes;
    @Option(names = "--zone", split = ",", description = "Zones.") List<String> zones;
    @Option(names = "--description", description = "What it is for.") String description;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      WebhookView v = client.client().putWebhook(new WebhookRequest(id, url, secret, types, kinds, streams, nodes, zones, description));
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, v)) {
        return;
      }
      out.println("webhook " + v.webhook().id() + " -> " + v.webhook().url());
      if (secret == null) {
        out.println("secret " + v.webhook().secret() + "   (shown only now; receivers check X-Streamfleet-Signature with it)");
      }
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List webhooks (secrets masked).")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Spec CommandSpec spec;

    @Override
    public void run() {
      List<WebhookView> hooks = client.client().webhooks();
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, hooks)) {
        return;
      }
      Table t = new Table("ID", "URL", "FILTER", "DELIVERED UP TO");
      for (WebhookView v : hooks) {
        WebhookSpec w = v.webhook();
        t.row(w.id(), w.url(), filter(w), v.deliveredId());
      }
      t.print(out);
    }

    private static String filter(WebhookSpec w) {
      StringBuilder b = new StringBuilder();
      append(b, "type", w.types());
      append(b, "kind", w.kinds());
      append(b, "stream", w.streams());
      append(b, "node", w.nodes());
      append(b, "zone", w.zones());
      return b.isEmpty() ? "all" : b.toString().trim();
    }

    private static void append(StringBuilder b, String name, java.util.Set<String> values) {
      if (!values.isEmpty()) {
        b.append(name).append('=').append(String.join(",", values)).append(' ');
      }
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a webhook.")
  static final class Rm implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      client.client().deleteWebhook(id);
      spec.commandLine().getOut().println("webhook " + id + " deleted");
    }
  }
}
