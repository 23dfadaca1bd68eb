package io.streamfleet.agent.tls;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.streamfleet.agent.session.AgentTransport;
import io.streamfleet.protocol.tls.CertificateRequests;
import io.streamfleet.protocol.tls.GrpcTls;
import io.streamfleet.protocol.tls.Identities;
import io.streamfleet.protocol.tls.Pem;
import io.streamfleet.protocol.tls.TlsIdentity;
import io.streamfleet.protocol.v1.AgentServiceGrpc;
import io.streamfleet.protocol.v1.CertificateReply;
import io.streamfleet.protocol.v1.JoinRequest;
import io.streamfleet.protocol.v1.RenewRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's node certificate: kept in {@code DATA/tls} (key owner-only), obtained once with a
 * join token, renewed at two thirds of its life, and used for every session (mutual TLS). Servers
 * are trusted by the cluster CA and the name every server certificate carries, not by the
 * address dialled.
 *
 * <p>A renewed certificate is used from the next connection on; the running session keeps the
 * one it was authenticated with (TLS checks certificates at the handshake).
 */
public final class NodeCredentials implements AgentTransport, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeCredentials.class);
  private static final String NAME = "node";

  private final Path dir;
  private final String nodeId;
  private final List<String> servers;
  private final Clock clock;
  private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("agent-cert-renewal").daemon().factory());
  private volatile TlsIdentity identity;
  private volatile SslContext context;

  private NodeCredentials(Path dir, String nodeId, List<String> servers, Clock clock, TlsIdentity identity) throws SSLException {
    this.dir = dir;
    this.nodeId = nodeId;
    this.servers = List.copyOf(servers);
    this.clock = clock;
    use(identity);
  }

  /**
   * Loads the certificate in {@code dataDir/tls}, or joins with {@code joinToken} when there is
   * none. Retries while no server answers; fails at once when a server refuses (the message says
   * why: an expired, revoked or used-up token, a token for another node).
   */
  public static NodeCredentials obtain(Path dataDir, String nodeId, List<String> servers, String joinToken, Clock clock, Duration patience)
      throws IOException, InterruptedException {
    Path dir = dataDir.resolve("tls");
    TlsIdentity id;
    if (TlsIdentity.exists(dir, NAME)) {
      id = TlsIdentity.load(dir, NAME);
      String owner = Identities.nodeId(id.certificate()).orElse(null);
      if (!nodeId.equals(owner)) {
        throw new IOException("the certificate in " + dir + " belongs to node '" + owner + "', not '" + nodeId
            + "'; start with --node-id " + owner + ", or use another --data-dir for a new node");
      }
    } else if (joinToken == null || joinToken.isBlank()) {
      throw new IOException("no node certificate in " + dir + " and no --join-token: create a token with"
          + " `streamfleet token create --role agent` and start the agent with --join-token TOKEN (or --insecure for a loopback dev cluster)");
    } else {
      id = join(dir, nodeId, servers, joinToken.trim(), patience);
    }
    NodeCredentials c = new NodeCredentials(dir, nodeId, servers, clock, id);
    c.scheduleRenewal();
    return c;
  }

  @Override
  public ManagedChannel open(String target) {
    return AgentTransport.withKeepAlive(NettyChannelBuilder.forTarget(target).sslContext(context).overrideAuthority(Identities.SERVER_NAME))
        .build();
  }

  public X509Certificate certificate() {
    return identity.certificate();
  }

  private static TlsIdentity join(Path dir, String nodeId, List<String> servers, String token, Duration patience)
      throws IOException, InterruptedException {
    String[] parts = token.split("\\.");
    if (parts.length != 4 || !parts[0].equals("sfj1")) {
      throw new IOException("--join-token is not a join token (sfj1.ID.SECRET.PIN); create one with `streamfleet token create --role agent`");
    }
    SslContext pinned = GrpcTls.pinned(parts[3]);
    KeyPair keys = TlsIdentity.newKeyPair();
    JoinRequest request = JoinRequest.newBuilder().setToken(token).setNodeId(nodeId)
        .setCsr(ByteString.copyFrom(CertificateRequests.create(keys, nodeId))).build();
    long deadline = System.nanoTime() + patience.toNanos();
    String lastProblem = "no server answered";
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      String target = servers.get(attempt % servers.size());
      ManagedChannel ch = AgentTransport.withKeepAlive(NettyChannelBuilder.forTarget(target).sslContext(pinned)
          .overrideAuthority(Identities.SERVER_NAME)).build();
      try {
        CertificateReply reply = AgentServiceGrpc.newBlockingStub(ch).withDeadlineAfter(15, TimeUnit.SECONDS).join(request);
        TlsIdentity id = identityOf(keys, reply);
        id.save(dir, NAME);
        log.info("joined the cluster as node {} (certificate {} valid until {})", nodeId, Identities.serialHex(id.certificate()),
            id.certificate().getNotAfter().toInstant());
        return id;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED || code == Status.Code.INVALID_ARGUMENT
            || code == Status.Code.FAILED_PRECONDITION) {
          throw new IOException("the cluster refused to admit node '" + nodeId + "': " + e.getStatus().getDescription());
        }
        lastProblem = target + ": " + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription());
        log.info("joining via {} failed ({}); trying again", target, lastProblem);
      } finally {
        ch.shutdownNow();
      }
      Thread.sleep(Math.min(2_000, 200L << Math.min(attempt, 4)));
    }
    throw new IOException("could not join within " + patience.toSeconds() + " s: " + lastProblem);
  }

  private static TlsIdentity identityOf(KeyPair keys, CertificateReply reply) throws IOException {
    X509Certificate cert = Pem.certificates(reply.getCertificatePem()).get(0);
    X509Certificate ca = Pem.certificates(reply.getCaPem()).get(0);
    if (!cert.getPublicKey().equals(keys.getPublic())) {
      throw new IOException("the server returned a certificate for another key");
    }
    return new TlsIdentity(keys.getPrivate(), List.of(cert), ca);
  }

  private void use(TlsIdentity id) throws SSLException {
    this.context = GrpcTls.client(id);
    this.identity = id;
  }

  /** Checks at a twentieth of the lifetime whether two thirds of it are gone. */
  private void scheduleRenewal() {
    X509Certificate c = identity.certificate();
    long lifetime = c.getNotAfter().getTime() - c.getNotBefore().getTime();
    long period = Math.max(1_000, Math.min(Duration.ofHours(1).toMillis(), lifetime / 20));
    renewals.scheduleWithFixedDelay(this::renewIfDue, 0, period, TimeUnit.MILLISECONDS);
  }

  void renewIfDue() {
    X509Certificate c = identity.certificate();
    long lifetime = c.getNotAfter().getTime() - c.getNotBefore().getTime();
    if (clock.millis() < c.getNotBefore().getTime() + lifetime * 2 / 3) {
      return;
    }
    KeyPair keys = TlsIdentity.newKeyPair();
    RenewRequest request = RenewRequest.newBuilder().setCsr(ByteString.copyFrom(CertificateRequests.create(keys, nodeId))).build();
    for (String target : servers) {
      ManagedChannel ch = open(target);
      try {
        TlsIdentity renewed = identityOf(keys, AgentServiceGrpc.newBlockingStub(ch).withDeadlineAfter(15, TimeUnit.SECONDS).renew(request));
        renewed.save(dir, NAME);
        use(renewed);
        log.info("renewed the node certificate: {} valid until {}", Identities.serialHex(renewed.certificate()),
            renewed.certificate().getNotAfter().toInstant());
        return;
      } catch (StatusRuntimeException | IOException e) {
        log.warn("renewing the node certificate via {} failed: {}", target, e.getMessage());
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Override
  public void close() {
    renewals.shutdownNow();
  }
}
