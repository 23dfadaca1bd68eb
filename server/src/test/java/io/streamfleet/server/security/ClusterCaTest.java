package io.streamfleet.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfleet.protocol.tls.CertificateRequests;
import io.streamfleet.protocol.tls.GrpcTls;
import io.streamfleet.protocol.tls.Identities;
import io.streamfleet.protocol.tls.TlsIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaTest {
  private final ClusterCa ca = ClusterCa.create("test", Clock.systemUTC(), new SecureRandom());

  @Test
  void aNodeCertificateNamesTheNodeTheCaChoseNotTheOneRequested() throws Exception {
    KeyPair keys = TlsIdentity.newKeyPair();
    X509Certificate cert = ca.signNode(CertificateRequests.create(keys, "someone-else"), "edge-1", Duration.ofDays(1));
    assertThat(Identities.nodeId(cert)).contains("edge-1");
    assertThat(Identities.isServer(cert)).isFalse();
    assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
    cert.verify(ca.certificate().getPublicKey());
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isLessThan(Duration.ofDays(1).plusMinutes(6));
  }

  @Test
  void aDamagedRequestIsRefusedWithAReason() {
    byte[] csr = CertificateRequests.create(TlsIdentity.newKeyPair(), "edge-1");
    csr[csr.length - 5] ^= 0x55;
    assertThatThrownBy(() -> ca.signNode(csr, "edge-1", Duration.ofDays(1))).isInstanceOf(ClusterCa.InvalidRequestException.class);
    assertThatThrownBy(() -> ca.signNode(new byte[] {1, 2, 3}, "edge-1", Duration.ofDays(1)))
        .isInstanceOf(ClusterCa.InvalidRequestException.class).hasMessageContaining("PKCS#10");
  }

  @Test
  void aServerCertificateCarriesTheServerNameAndItsAddresses() throws Exception {
    TlsIdentity id = ca.issueServer("s1", List.of("10.0.0.5", "api.example"));
    X509Certificate cert = id.certificate();
    assertThat(Identities.isServer(cert)).isTrue();
    assertThat(cert.getSubjectAlternativeNames().stream().map(e -> String.valueOf(e.get(1))).toList())
        .contains(Identities.SERVER_NAME, "10.0.0.5", "api.example", "127.0.0.1");
  }

  @Test
  void theCaIsCreatedOnceAndKeptWithAnOwnerOnlyKey(@TempDir Path dir) throws Exception {
    ClusterCa first = ClusterCa.loadOrCreate(dir, null, "c", Clock.systemUTC(), new SecureRandom());
    ClusterCa again = ClusterCa.loadOrCreate(dir, null, "c", Clock.systemUTC(), new SecureRandom());
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    assertThat(GrpcTls.pin(again.certificate())).hasSize(43);
  }

  @Test
  void broughtCaIsCopiedAndAMissingKeyIsExplained(@TempDir Path dir) throws Exception {
    Path byo = dir.resolve("byo");
    ca.save(byo);
    ClusterCa loaded = ClusterCa.loadOrCreate(dir.resolve("data"), byo, "c", Clock.systemUTC(), new SecureRandom());
    assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    Files.delete(byo.resolve("ca.key"));
    assertThatThrownBy(() -> ClusterCa.loadOrCreate(dir.resolve("other"), byo, "c", Clock.systemUTC(), new SecureRandom()))
        .hasMessageContaining("must hold ca.crt and ca.key");
  }
}
