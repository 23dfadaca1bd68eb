package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.AuditEntry;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.TokenRequest;
import io.streamfleet.model.api.TokenView;
import io.streamfleet.protocol.tls.GrpcTls;
import io.streamfleet.protocol.tls.Identities;
import io.streamfleet.protocol.tls.Pem;
import io.streamfleet.protocol.tls.TlsIdentity;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.AgentServiceGrpc;
import io.streamfleet.protocol.v1.Register;
import io.streamfleet.protocol.v1.Resources;
import io.streamfleet.protocol.v1.ServerMessage;
import io.streamfleet.testing.RequiresProgram;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure by default, tried with real processes: a server started without flags speaks TLS on
 * every port, asks for tokens with roles, admits agents only with a join token and then only by
 * their node certificate, runs exec only where allowed, and never shows a camera password.
 */
@Tag("integration")
class SecurityIT {
  @TempDir static Path tmp;
  static ServerProcess server;
  static StreamfleetClient admin;

  @BeforeAll
  static void startServer() {
    server = new ServerProcess(tmp.resolve("server")).start();
    admin = server.client();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void joinTokensAdmitOneNodeEachAndCertificatesNameExactlyOneNode() throws Exception {
    // No certificate and no token: the agent refuses to start and says how to join.
    AgentRun bare = runAgent("bare", tmp.resolve("bare-data"), null);
    assertThat(bare.exitCode).isEqualTo(1);
    assertThat(bare.output).contains("no node certificate").contains("streamfleet token create --role agent");

    // A token for one use admits one node; the second is refused with the reason.
    String once = admin.createToken(new TokenRequest("agent", 600L, 1, null, "once")).secret();
    Path alphaData = tmp.resolve("alpha-data");
    try (AgentProcess alpha = new AgentProcess(tmp, "alpha", server, "--data-dir", alphaData.toString(), "--join-token", once).start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> admin.nodes().stream().anyMatch(n -> n.id().equals("alpha")));
      AgentRun second = runAgent("gamma", tmp.resolve("gamma-data"), once);
      assertThat(second.exitCode).isEqualTo(1);
      assertThat(second.output).contains("refused to admit node 'gamma'").contains("has been used up");
      assertThat(Files.readString(alphaData.resolve("tls/node.key"))).doesNotContain("CERTIFICATE");
      assertThat(Files.getPosixFilePermissions(alphaData.resolve("tls/node.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    // Revoked and expired tokens are refused, each with its reason.
    TokenView revoked = admin.createToken(new TokenRequest("agent", 600L, 1, null, "revoked")).token();
    String revokedSecret = admin.createToken(new TokenRequest("agent", 600L, 1, null, "revoked-2")).secret();
    admin.revokeToken(revokedSecret.split("\\.")[1]);
    assertThat(runAgent("delta", tmp.resolve("delta-data"), revokedSecret).output).contains("was revoked");
    assertThat(revoked.state()).isEqualTo("valid");
    String expiring = admin.createToken(new TokenRequest("agent", 1L, 1, null, "expiring")).secret();
    String expiringId = expiring.split("\\.")[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.tokens().stream().anyMatch(t -> t.id().equals(expiringId) && t.state().equals("expired")));
    assertThat(runAgent("epsilon", tmp.resolve("epsilon-data"), expiring).output).contains("expired");
    // A token bound to a node id admits no other.
    String forZeta = admin.createToken(new TokenRequest("agent", 600L, 1, "zeta", null)).secret();
    assertThat(runAgent("eta", tmp.resolve("eta-data"), forZeta).output).contains("admits only node 'zeta', not 'eta'");

    // alpha's certificate cannot register as anyone else, whoever presents it.
    AgentRun impostor = runAgent("beta", alphaData, null);
    assertThat(impostor.output).contains("belongs to node 'alpha'");
    TlsIdentity alphaIdentity = TlsIdentity.load(alphaData.resolve("tls"), "node");
    assertThat(Identities.nodeId(alphaIdentity.certificate())).contains("alpha");
    assertThat(register(GrpcTls.client(alphaIdentity), "beta")).contains("belongs to node 'alpha'").contains("cannot register as 'beta'");
    // A connection without a client certificate cannot register at all.
    String pin = GrpcTls.pin(Pem.readCertificates(server.caCert()).getFirst());
    assertThat(register(GrpcTls.pinned(pin), "alpha")).contains("presented no node certificate");

    // Removing the node ends its certificate: the agent with it is refused from then on.
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.node("alpha").state().wireName().equals("down"));
    admin.removeNode("alpha");
    assertThat(register(GrpcTls.client(alphaIdentity), "alpha")).contains("no longer counts");
  }

  @Test
  void rolesLimitWhatATokenMayDoAndTheAuditNamesTheToken() throws Exception {
    StreamfleetClient viewer = server.client(admin.createToken(new TokenRequest("viewer", null, null, null, "dashboards")).secret());
    String operatorSecret = admin.createToken(new TokenRequest("operator", null, null, null, "on call")).secret();
    StreamfleetClient operator = server.client(operatorSecret);

    assertThat(viewer.streams()).isNotNull();
    assertThatThrownBy(() -> viewer.createStream(stream("by-viewer")))
        .isInstanceOfSatisfying(ApiCallException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("needs role operator").contains("has role viewer");
        });
    operator.createStream(stream("by-operator"));
    assertThatThrownBy(() -> operator.putProcessor("mine", new ProcessorRequest(null, "builtin", "motion", null, null, null, null, null,
        null)))
        .isInstanceOfSatisfying(ApiCallException.class, e -> assertThat(e.getMessage()).contains("needs role admin"));
    assertThatThrownBy(() -> operator.createToken(new TokenRequest("admin", null, null, null, null)))
        .isInstanceOfSatisfying(ApiCallException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> server.client(null).streams())
        .isInstanceOfSatisfying(ApiCallException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(() -> server.client("sf1.000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").streams())
        .isInstanceOfSatisfying(ApiCallException.class, e -> assertThat(e.getMessage()).contains("is not valid"));

    // The audit trail records the token that acted, never a name the caller claims.
    HttpResponse<String> claimed = HttpClient.newBuilder().sslContext(io.streamfleet.client.ClientCredentials.trusting(server.caCert())).build()
        .send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/streams/by-operator")).DELETE()
            .header("Authorization", "Bearer " + operatorSecret).header("X-Streamfleet-User", "mallory").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(claimed.statusCode()).isEqualTo(204);
    String operatorId = operatorSecret.split("\\.")[1];
    List<AuditEntry> audit = admin.audit(50);
    assertThat(audit).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("stream.delete");
      assertThat(e.actor()).isEqualTo("token:" + operatorId);
    });
    assertThat(audit).noneMatch(e -> e.actor().contains("mallory"));
    assertThat(server.client().raw("GET", "/metrics", null).body()).contains("streamfleet_auth_failures_total");
  }

  @Test
  void theBootstrapAdminTokenIsPrintedOnceAndKeptOwnerOnly() throws Exception {
    String token = server.adminToken();
    assertThat(Files.getPosixFilePermissions(server.dataDir.resolve("admin-token")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    assertThat(Files.getPosixFilePermissions(server.dataDir.resolve("tls/ca.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    assertThat(server.logText().split(java.util.regex.Pattern.quote(token), -1)).as("printed exactly once").hasSize(2);
    assertThat(admin.tokens()).anySatisfy(t -> {
      assertThat(t.description()).isEqualTo("bootstrap admin token");
      assertThat(t.role()).isEqualTo("admin");
    });
  }

  @Test
  void execProcessorsRunOnlyOnAgentsStartedWithAllowExec() throws Exception {
    String marker = "600." + ProcessHandle.current().pid();
    admin.putProcessor("sleeper", new ProcessorRequest(null, "exec", null, List.of("/bin/sh", "-c", "echo ready; exec sleep " + marker), null, null,
        new io.streamfleet.model.Readiness("stdout", "^ready", null), null, null));
    try (AgentProcess plain = AgentProcess.withoutExec(tmp, "plain", server, "--cpu-millis", "1000").start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> admin.nodes().stream().anyMatch(n -> n.id().equals("plain")));
      admin.createStream(new StreamRequest("exec-1", "synthetic://x", "sleeper", null, null, null, null, null, null, null, null, null));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(admin.stream("exec-1").status().reason())
          .contains("runs the program /bin/sh (exec)").contains("--allow-exec"));
      assertThat(admin.stream("exec-1").status().state()).isEqualTo(AssignmentState.PENDING);
      try (AgentProcess runner = new AgentProcess(tmp, "runner", server, "--cpu-millis", "1000").start()) {
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.stream("exec-1").status().state() == AssignmentState.RUNNING);
        assertThat(admin.stream("exec-1").status().node()).isEqualTo("runner");
        // Stopped by its agent before the agent goes (a killed agent leaves overlap processors to the next one).
        admin.deleteStream("exec-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.allProcesses()
            .noneMatch(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains("sleep " + marker)).orElse(false)));
      }
    }
  }

  @Test
  @RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
  void cameraCredentialsNeverAppearInAnswersLogsOrTheAudit() throws Exception {
    String url = "rtsp://admin:hunter2@127.0.0.1:9/cam";
    try (AgentProcess agent = new AgentProcess(tmp, "camera-node", server, "--cpu-millis", "1000").start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> admin.nodes().stream().anyMatch(n -> n.id().equals("camera-node")));
      admin.createStream(new StreamRequest("secret-cam", url, "motion", null, null, null, null, null, null,
          Map.of("camera_password", "hunter2"), null, null));
      // The node tries the camera (nothing listens on port 9) and reports why it failed.
      await().atMost(Duration.ofSeconds(60)).until(() -> admin.stream("secret-cam").status().reason() != null
          && admin.stream("secret-cam").status().node() != null && admin.stream("secret-cam").status().restarts() + countFailures() > 0);
      assertThat(admin.stream("secret-cam").url()).isEqualTo("rtsp://admin:***@127.0.0.1:9/cam");
      // Changing something else keeps the stored credentials (the masked URL means "unchanged").
      var shown = admin.stream("secret-cam");
      admin.updateStream("secret-cam", new StreamRequest("secret-cam", shown.url(), "motion", null, null, null, 5, null, null,
          shown.params(), null, null));
      List<String> everything = new ArrayList<>();
      everything.add(server.client().raw("GET", "/api/v1/streams", null).body());
      everything.add(server.client().raw("GET", "/api/v1/streams/secret-cam", null).body());
      everything.add(server.client().raw("GET", "/api/v1/audit?limit=1000", null).body());
      everything.add(server.client().raw("GET", "/metrics", null).body());
      everything.add(new CliRunner(server).run("stream", "show", "secret-cam").out());
      everything.add(new CliRunner(server).run("stream", "ls", "-o", "json").out());
      everything.add(server.logText());
      everything.add(agent.logText());
      assertThat(everything).allSatisfy(text -> assertThat(text).doesNotContain("hunter2"));
      assertThat(everything.get(1)).contains("admin:***@").contains("\"camera_password\":\"***\"");
    } finally {
      admin.deleteStream("secret-cam");
    }
  }

  @Test
  void aBrowserSignsInOnceAndItsCookieCountsForReadsOnly() throws Exception {
    HttpClient browser = HttpClient.newBuilder().sslContext(io.streamfleet.client.ClientCredentials.trusting(server.caCert())).build();
    HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(server.uri() + "/")).header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).contains("/login");
    String viewer = admin.createToken(new TokenRequest("viewer", null, null, null, "browser")).secret();
    HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(server.uri() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + viewer)).build(),
        HttpResponse.BodyHandlers.ofString());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("Secure").containsIgnoringCase("SameSite=Strict");
    String pair = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> withCookie = browser.send(HttpRequest.newBuilder(URI.create(server.uri() + "/")).header("Cookie", pair).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(withCookie.statusCode()).isEqualTo(200);
    HttpResponse<String> write = browser.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/streams")).header("Cookie", pair)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).as("a cookie does not authorise a plain write (a forged form)").isEqualTo(401);
    HttpResponse<String> fromDashboard = browser.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/streams"))
        .header("Cookie", pair).header("X-Streamfleet-Dashboard", "1")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(fromDashboard.statusCode()).as("the dashboard's script writes with the cookie's role: viewer may not").isEqualTo(403);
    HttpResponse<String> whoami = browser.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/whoami")).header("Cookie", pair).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(whoami.body()).contains("\"role\":\"viewer\"").contains("\"secured\":true");
  }

  @Test
  void aPlaintextClientGetsAClearErrorNotAHang() throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort + "/api/v1/streams")).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("tls_required").contains("https://");
    CliRunner.Result cli = CliRunner.runRaw("stream", "ls", "--server", "https://127.0.0.1:" + server.httpPort, "--token", server.adminToken());
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("--ca-cert");
  }

  @Test
  void anAgentRenewsItsCertificateBeforeItExpiresAndKeepsWorkingWithIt() throws Exception {
    try (ServerProcess shortLived = new ServerProcess(tmp.resolve("short-certs"), "--node-cert-validity-s", "60").start()) {
      Path data = tmp.resolve("renewing-data");
      try (AgentProcess agent = new AgentProcess(tmp, "renewing", shortLived, "--data-dir", data.toString()).start()) {
        await().atMost(Duration.ofSeconds(60)).until(() -> shortLived.client().nodes().stream().anyMatch(n -> n.id().equals("renewing")));
        String first = Identities.serialHex(TlsIdentity.load(data.resolve("tls"), "node").certificate());
        // Issued for 60 s, renewed at two thirds of its life (about 40 s in).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> !Identities.serialHex(TlsIdentity.load(data.resolve("tls"), "node").certificate()).equals(first));
        assertThat(agent.logText()).contains("renewed the node certificate");
      }
      // The renewed certificate is what the agent registers with after a restart (no token now).
      try (AgentProcess again = new AgentProcess(tmp, "renewing", shortLived, "--data-dir", data.toString(), "--join-token", "unused").start()) {
        await().atMost(Duration.ofSeconds(60)).until(() -> again.logText().contains("registered with server"));
      }
    }
  }

  @Test
  void aTokenOverItsRateLimitGets429WithRetryAfter() throws Exception {
    try (ServerProcess limited = new ServerProcess(tmp.resolve("limited"), "--rate-limit-per-s", "0.5", "--rate-limit-burst", "3").start()) {
      StreamfleetClient c = limited.client();
      List<Integer> statuses = new ArrayList<>();
      HttpResponse<String> last = null;
      for (int i = 0; i < 6; i++) {
        last = c.raw("GET", "/api/v1/streams", null);
        statuses.add(last.statusCode());
      }
      assertThat(statuses).contains(200, 429);
      assertThat(last.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
      assertThat(last.body()).contains("rate_limited");
    }
  }

  private static long countFailures() {
    return admin.stream("secret-cam").status().state() == AssignmentState.FAILED ? 1 : 0;
  }

  private static StreamRequest stream(String id) {
    return new StreamRequest(id, "synthetic://" + id, "motion", null, null, null, null, null, null, null, null, null);
  }

  /** Opens a session with {@code tls} and registers as {@code nodeId}; returns the refusal, or "registered". */
  private static String register(SslContext tls, String nodeId) throws Exception {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.rpcPort).sslContext(tls)
        .overrideAuthority(Identities.SERVER_NAME).build();
    try {
      LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
      StreamObserver<AgentMessage> up = AgentServiceGrpc.newStub(ch).session(new StreamObserver<>() {
        @Override
        public void onNext(ServerMessage m) {
          answers.add(m.hasRefused() ? m.getRefused().getReason() : m.hasRegistered() ? "registered" : m.getBodyCase().name());
        }

        @Override
        public void onError(Throwable t) {
          answers.add("error: " + t.getMessage());
        }

        @Override
        public void onCompleted() {
          answers.add("completed");
        }
      });
      up.onNext(AgentMessage.newBuilder().setRegister(Register.newBuilder().setNodeId(nodeId).setIncarnation(System.currentTimeMillis())
          .setCapacity(Resources.newBuilder().setCpuMillis(1000).setMemoryMb(1000))).build());
      String answer = answers.poll(20, TimeUnit.SECONDS);
      up.onCompleted();
      return String.valueOf(answer);
    } finally {
      ch.shutdownNow();
    }
  }

  private record AgentRun(int exitCode, String output) {}

  /** Runs {@code streamfleet agent} to its exit (it is expected to refuse to start). */
  private static AgentRun runAgent(String nodeId, Path dataDir, String joinToken) throws Exception {
    List<String> cmd = new ArrayList<>(ServerProcess.javaCommand());
    cmd.addAll(List.of("agent", "--servers", "127.0.0.1:" + server.rpcPort, "--node-id", nodeId, "--data-dir", dataDir.toString()));
    if (joinToken != null) {
      cmd.addAll(List.of("--join-token", joinToken));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new AgentRun(-1, "did not exit");
    }
    return new AgentRun(p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }
}
