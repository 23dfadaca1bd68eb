package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.streamfleet.server.security.Authenticator;

/**
 * Browsers cannot send bearer headers to a page, so {@code /login} takes a token in a form and
 * keeps it in an HttpOnly, Secure, SameSite=Strict cookie. The cookie counts for reads (GET), and
 * for writes only with the dashboard's own header, so a forged cross-site form can change nothing.
 */
final class BrowserLogin {
  static final String COOKIE = "streamfleet_token";

  private BrowserLogin() {}

  static void register(RoutesConfig routes, Authenticator authenticator) {
    routes.get("/login", ctx -> ctx.html(page(null)), Access.PUBLIC);
    routes.post("/login", ctx -> {
      String token;
      try {
        token = ctx.formParam("token");
      } catch (Exception e) { // not a form (multipart without parts, bad encoding); Javalin may throw checked ones
        throw new ApiException(400, "bad_request", "sign in with a form: Content-Type application/x-www-form-urlencoded and token=TOKEN");
      }
      if (authenticator == null) {
        ctx.redirect("/");
        return;
      }
      Authenticator.Result r = authenticator.authenticate(token == null ? null : "Bearer " + token);
      if (!r.ok()) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/html")) {
          throw new ApiException(401, "unauthenticated", r.reason()); // a program, not a browser: the one error shape
        }
        ctx.status(401).html(page(r.reason()));
        return;
      }
      Cookie c = new Cookie(COOKIE, token.trim());
      c.setHttpOnly(true);
      c.setSecure(true);
      c.setSameSite(SameSite.STRICT);
      c.setPath("/");
      ctx.cookie(c);
      ctx.redirect("/");
    }, Access.PUBLIC);
  }

  /**
   * The header the dashboard's script sends with its writes. A cross-site form cannot set a
   * header, and a cross-site script may not without a CORS preflight, which this server never
   * grants: so a write carrying it comes from this server's own page, and its cookie may count.
   */
  static final String DASHBOARD_HEADER = "X-Streamfleet-Dashboard";

  /**
   * The Authorization header, or else the login cookie as a bearer token: for reads (GET), and for
   * writes only from the dashboard's script ({@link #DASHBOARD_HEADER}), never from a plain form.
   */
  static String credentials(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null || (ctx.method() != HandlerType.GET && ctx.header(DASHBOARD_HEADER) == null)) {
      return header;
    }
    String cookie = ctx.cookie(COOKIE);
    return cookie == null ? null : "Bearer " + cookie;
  }

  /** A browser asking for a page (not an API client) is sent to the login form. */
  static boolean wantsPage(Context ctx) {
    String accept = ctx.header("Accept");
    return ctx.method() == HandlerType.GET && "/".equals(ctx.path()) && accept != null && accept.contains("text/html");
  }

  private static String page(String error) {
    String message = error == null ? "" : "<p role=\"alert\">" + escape(error) + "</p>";
    return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>Streamfleet: sign in</title></head><body><main><h1>Streamfleet</h1>%s
        <form method="post" action="/login"><label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" required>
        <button type="submit">Sign in</button></form>
        <p>Create one with <code>streamfleet token create --role viewer</code>.</p></main></body></html>
        """.formatted(message);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
