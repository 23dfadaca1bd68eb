package io.streamfleet.server.security;

import io.streamfleet.model.Json;
import io.streamfleet.model.api.ApiError;
import io.streamfleet.model.api.ServerJoinReply;
import io.streamfleet.model.api.ServerJoinRequest;
import io.streamfleet.protocol.tls.GrpcTls;
import io.streamfleet.protocol.tls.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The joining side of a server join: before a server with an empty data directory starts, it
 * fetches the cluster CA from a running member with a server join token. It trusts that member
 * only if its certificate chain holds the CA the token's pin names, so the token and the CA key
 * go only to the real cluster.
 */
public final class ServerJoin {
  private ServerJoin() {}

  /** Writes the cluster CA into {@code tlsDir} (the key owner-only); the message of a failure says why. */
  public static void fetchCa(URI member, String token, String serverId, Path tlsDir) throws IOException, InterruptedException {
    String[] parts = token.trim().split("\\.");
    if (parts.length != 4 || !parts[0].equals("sfj1")) {
      throw new IOException("--join-token is not a join token (sfj1.ID.SECRET.PIN); create one with `streamfleet token create --role server`");
    }
    SSLContext tls;
    try {
      tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {GrpcTls.pinnedTrustManager(parts[3])}, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
    HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    String base = member.toString().endsWith("/") ? member.toString().substring(0, member.toString().length() - 1) : member.toString();
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/servers/join")).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(new ServerJoinRequest(token.trim(), serverId)))).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("cannot reach " + base + " to join (" + e.getMessage() + "); --join takes a running member's API address, https://HOST:PORT", e);
    }
    if (r.statusCode() != 200) {
      String why;
      try {
        why = Json.mapper().readValue(r.body(), ApiError.class).error().message();
      } catch (IOException e) {
        why = "HTTP " + r.statusCode();
      }
      throw new IOException("the cluster refused to admit server '" + serverId + "': " + why);
    }
    ServerJoinReply reply = Json.mapper().readValue(r.body(), ServerJoinReply.class);
    Pem.certificates(reply.caCertPem());
    Pem.privateKey(reply.caKeyPem());
    Pem.write(tlsDir.resolve("ca.crt"), reply.caCertPem(), false);
    Pem.write(tlsDir.resolve("ca.key"), reply.caKeyPem(), true);
  }
}
