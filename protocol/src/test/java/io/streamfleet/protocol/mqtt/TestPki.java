package io.streamfleet.protocol.mqtt;

import io.streamfleet.protocol.tls.Pem;
import io.streamfleet.protocol.tls.TlsIdentity;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A throwaway CA with a broker certificate (for 127.0.0.1 and localhost) and a client certificate,
 * as PEM files: {@code ca.crt}, {@code broker.crt}/{@code broker.key} (PKCS#8) and
 * {@code client.crt}/{@code client.key} (the traditional "EC PRIVATE KEY" form, which
 * {@link MqttTls} must read as well).
 */
record TestPki(Path caCert, Path brokerCert, Path brokerKey, Path clientCert, Path clientKey) {
  private static final AtomicLong SERIALS = new AtomicLong(1);

  static TestPki create(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair caKeys = TlsIdentity.newKeyPair();
    X509Certificate ca = sign(caKeys, "CN=Test MQTT CA", caKeys, "CN=Test MQTT CA", true, null, null);
    KeyPair brokerKeys = TlsIdentity.newKeyPair();
    GeneralNames brokerNames = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
    X509Certificate broker = sign(caKeys, "CN=Test MQTT CA", brokerKeys, "CN=broker", false, KeyPurposeId.id_kp_serverAuth, brokerNames);
    KeyPair clientKeys = TlsIdentity.newKeyPair();
    X509Certificate client = sign(caKeys, "CN=Test MQTT CA", clientKeys, "CN=client", false, KeyPurposeId.id_kp_clientAuth, null);

    TestPki pki = new TestPki(dir.resolve("ca.crt"), dir.resolve("broker.crt"), dir.resolve("broker.key"), dir.resolve("client.crt"),
        dir.resolve("client.key"));
    Files.createDirectories(dir);
    Files.writeString(pki.caCert(), Pem.encode(ca));
    Files.writeString(pki.brokerCert(), Pem.encode(broker));
    Files.writeString(pki.brokerKey(), Pem.encode(brokerKeys.getPrivate()));
    Files.writeString(pki.clientCert(), Pem.encode(client));
    Files.writeString(pki.clientKey(), traditionalPem(clientKeys));
    return pki;
  }

  /** mosquitto.conf lines that make the listener require a certificate signed by this CA. */
  String brokerConfig() {
    return String.join("\n", "cafile " + caCert, "certfile " + brokerCert, "keyfile " + brokerKey, "require_certificate true");
  }

  private static X509Certificate sign(KeyPair issuerKeys, String issuer, KeyPair subjectKeys, String subject, boolean isCa,
      KeyPurposeId purpose, GeneralNames names) throws IOException, GeneralSecurityException, OperatorCreationException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIALS.getAndIncrement()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject),
        subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    builder.addExtension(Extension.keyUsage, true,
        new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    if (purpose != null) {
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    }
    if (names != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, names);
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  /** "BEGIN EC PRIVATE KEY" with the curve inside, as {@code openssl ecparam -genkey} writes it. */
  private static String traditionalPem(KeyPair keys) throws IOException {
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
    ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(), pkcs8.getPrivateKeyAlgorithm().getParameters());
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
    }
    return out.toString();
  }
}
