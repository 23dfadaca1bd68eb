package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.server.security.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web dashboard at {@code /}: one page, its script and its style sheet, plain files served
 * from the jar (no build step, no third-party code). The script reads the API as any client does
 * and follows the event log over Server-Sent Events, so the page changes as the cluster does,
 * without reloads. {@code /api/v1/whoami} tells it the caller's role, so it offers only the
 * actions that role may take; the server checks every action again anyway.
 *
 * <p>The page and its files need role viewer like any read: a browser that has not signed in is
 * sent to {@code /login} (see {@link BrowserLogin}).
 */
final class Dashboard {
  private static final String DIR = "/io/streamfleet/server/dashboard/";
  /** Every file the page may load, with its type; anything else under /ui is a 404. */
  private static final Map<String, String> FILES = Map.of(
      "dashboard.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8");
  /** Only this server's own script, styles and API: no inline script, nothing from elsewhere, no framing. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final boolean secured;

  /** @param secured whether requests are authenticated (false: the plaintext development mode, everyone is admin) */
  Dashboard(boolean secured) {
    this.secured = secured;
    files.put("index.html", resource("index.html"));
    FILES.keySet().forEach(f -> files.put(f, resource(f)));
  }

  void register(RoutesConfig routes) {
    routes.get("/", ctx -> serve(ctx, "index.html", "text/html; charset=utf-8"), Access.VIEWER);
    routes.get("/ui/{file}", ctx -> {
      String file = ctx.pathParam("file");
      String type = FILES.get(file);
      if (type == null) {
        throw ApiException.notFound("dashboard file", file);
      }
      serve(ctx, file, type);
    }, Access.VIEWER);
    routes.get("/api/v1/whoami", this::whoami, Access.VIEWER);
  }

  private void serve(Context ctx, String file, String type) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-cache").contentType(type).result(files.get(file));
  }

  /** The caller: {@code {"name", "role", "secured"}}; the dashboard shows actions by role. */
  private void whoami(Context ctx) {
    Principal p = RequestActor.principal(ctx);
    ctx.json(Map.of("name", p.name(), "role", p.role().wireName(), "secured", secured));
  }

  private static byte[] resource(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks the dashboard file " + DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard file " + name, e);
    }
  }
}
