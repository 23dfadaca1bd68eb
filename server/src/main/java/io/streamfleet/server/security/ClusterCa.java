package io.streamfleet.server.security;

import io.streamfleet.protocol.tls.Identities;
import io.streamfleet.protocol.tls.Pem;
import io.streamfleet.protocol.tls.TlsIdentity;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The cluster's certificate authority (BouncyCastle builds and signs; nothing hand-rolled). Its
 * key lives only in servers' data directories ({@code tls/ca.key}, owner-only): the first start
 * of a cluster creates it, or the operator brings one ({@code --tls-ca-dir}).
 *
 * <p>It issues server certificates (the name {@link Identities#SERVER_NAME} plus every address
 * the server is reached at) and node certificates (only {@code urn:streamfleet:node:ID}, whatever
 * the request asked for).
 */
public final class ClusterCa {
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration SERVER_VALIDITY = Duration.ofDays(365);

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;
  private final SecureRandom random;

  private ClusterCa(X509Certificate certificate, PrivateKey key, Clock clock, SecureRandom random) {
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The CA in {@code tlsDir}; on first start copied from {@code bringYourOwn} (a directory with
   * ca.crt and ca.key) when given, else created.
   */
  public static ClusterCa loadOrCreate(Path tlsDir, Path bringYourOwn, String clusterName, Clock clock, SecureRandom random) throws IOException {
    Path crt = tlsDir.resolve("ca.crt");
    Path keyFile = tlsDir.resolve("ca.key");
    if (!Files.exists(crt) || !Files.exists(keyFile)) {
      if (bringYourOwn != null) {
        Path byoCrt = bringYourOwn.resolve("ca.crt");
        Path byoKey = bringYourOwn.resolve("ca.key");
        if (!Files.exists(byoCrt) || !Files.exists(byoKey)) {
          throw new IOException("--tls-ca-dir " + bringYourOwn + " must hold ca.crt and ca.key (PEM; the key unencrypted and readable by this user)");
        }
        Pem.write(crt, Files.readString(byoCrt), false);
        Pem.write(keyFile, Files.readString(byoKey), true);
      } else {
        create(clusterName, clock, random).save(tlsDir);
      }
    }
    X509Certificate cert = Pem.readCertificates(crt).get(0);
    PrivateKey k = Pem.readPrivateKey(keyFile);
    if (cert.getBasicConstraints() < 0) {
      throw new IOException(crt + " is not a CA certificate (basic constraints CA:false); give a CA that may sign certificates");
    }
    return new ClusterCa(cert, k, clock, random);
  }

  /** A new self-signed CA (EC P-256). */
  public static ClusterCa create(String clusterName, Clock clock, SecureRandom random) {
    KeyPair kp = TlsIdentity.newKeyPair();
    X500Name name = new X500Name("CN=Streamfleet cluster CA " + clusterName + ",O=Streamfleet");
    Instant now = clock.instant();
    try {
      var b = new JcaX509v3CertificateBuilder(name, serial(random), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)),
          name, kp.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(kp.getPrivate())));
      return new ClusterCa(cert, kp.getPrivate(), clock, random);
    } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot create the cluster CA: " + e.getMessage(), e);
    }
  }

  public void save(Path dir) throws IOException {
    Pem.write(dir.resolve("ca.crt"), Pem.encode(certificate), false);
    Pem.write(dir.resolve("ca.key"), Pem.encode(key), true);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The CA key, for another server of the cluster only (a server join). */
  public String keyPem() {
    return Pem.encode(key);
  }

  /** A fresh key and certificate for a server reached at {@code hosts} (names or addresses). */
  public TlsIdentity issueServer(String serverId, Collection<String> hosts) {
    KeyPair kp = TlsIdentity.newKeyPair();
    Set<String> names = new LinkedHashSet<>(List.of(Identities.SERVER_NAME, "localhost", "127.0.0.1", "::1"));
    names.addAll(hosts);
    List<GeneralName> sans = new ArrayList<>();
    for (String h : names) {
      if (h == null || h.isBlank() || h.equals("0.0.0.0") || h.equals("::")) {
        continue;
      }
      sans.add(isAddress(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
    }
    X509Certificate cert = issue(kp.getPublic(), new X500Name("CN=" + serverId + ",O=Streamfleet server"), sans, SERVER_VALIDITY,
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
    return new TlsIdentity(kp.getPrivate(), List.of(cert, certificate), certificate);
  }

  /**
   * Signs a node's request: checks that the requester holds the key, then certifies it for
   * {@code nodeId} only (the request's own names are ignored).
   */
  public X509Certificate signNode(byte[] csrDer, String nodeId, Duration validity) throws InvalidRequestException {
    PublicKey publicKey;
    try {
      PKCS10CertificationRequest csr = new PKCS10CertificationRequest(csrDer);
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
        throw new InvalidRequestException("the certificate request's signature does not verify");
      }
      publicKey = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
    } catch (IOException | RuntimeException | org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.pkcs.PKCSException e) {
      throw new InvalidRequestException("the certificate request is not a valid PKCS#10 request: " + e.getMessage());
    }
    return issue(publicKey, new X500Name("CN=" + nodeId + ",O=Streamfleet node"),
        List.of(new GeneralName(GeneralName.uniformResourceIdentifier, Identities.NODE_URI_PREFIX + nodeId)), validity,
        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
  }

  /** A certificate request that cannot be signed; the message is safe to return to the caller. */
  public static final class InvalidRequestException extends Exception {
    public InvalidRequestException(String message) {
      super(message);
    }
  }

  private X509Certificate issue(PublicKey subjectKey, X500Name subject, List<GeneralName> sans, Duration validity, KeyPurposeId[] purposes) {
    Instant now = clock.instant();
    // Backdated a little for clocks that run behind, but never by so much that a short-lived
    // certificate looks due for renewal the moment it is issued.
    Duration backdate = validity.dividedBy(10).compareTo(Duration.ofMinutes(5)) < 0 ? validity.dividedBy(10) : Duration.ofMinutes(5);
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random), Date.from(now.minus(backdate)),
          Date.from(now.plus(validity)), subject, subjectKey);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
    } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
    }
  }

  private static ContentSigner signer(PrivateKey key) throws org.bouncycastle.operator.OperatorCreationException {
    return new JcaContentSignerBuilder(key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA").build(key);
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static boolean isAddress(String host) {
    if (host.contains(":")) {
      return true;
    }
    if (!host.matches("[0-9.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(host);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
