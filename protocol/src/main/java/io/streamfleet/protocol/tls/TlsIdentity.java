package io.streamfleet.protocol.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/**
 * A key, its certificate chain (leaf first) and the CA that members of the cluster trust.
 * Stored as {@code NAME.key} (owner-only), {@code NAME.crt} and {@code ca.crt} in one directory.
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) {
  public TlsIdentity {
    chain = List.copyOf(chain);
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  public static boolean exists(Path dir, String name) {
    return Files.exists(dir.resolve(name + ".key")) && Files.exists(dir.resolve(name + ".crt")) && Files.exists(dir.resolve("ca.crt"));
  }

  public static TlsIdentity load(Path dir, String name) throws IOException {
    return new TlsIdentity(Pem.readPrivateKey(dir.resolve(name + ".key")), Pem.readCertificates(dir.resolve(name + ".crt")),
        Pem.readCertificates(dir.resolve("ca.crt")).get(0));
  }

  public void save(Path dir, String name) throws IOException {
    Pem.write(dir.resolve("ca.crt"), Pem.encode(ca), false);
    Pem.write(dir.resolve(name + ".key"), Pem.encode(key), true);
    Pem.write(dir.resolve(name + ".crt"), Pem.encode(chain.toArray()), false);
  }

  /** A fresh EC P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is part of every JDK", e);
    }
  }
}
