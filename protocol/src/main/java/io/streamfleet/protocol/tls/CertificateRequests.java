package io.streamfleet.protocol.tls;

import java.io.IOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 certificate signing requests: a node proves it holds the key it wants certified. */
public final class CertificateRequests {
  private CertificateRequests() {}

  /** A DER-encoded CSR for {@code keys}; the CA decides the names, so the subject is informative. */
  public static byte[] create(KeyPair keys, String nodeId) {
    try {
      var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + nodeId), keys.getPublic());
      return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot create a certificate request: " + e.getMessage(), e);
    }
  }
}
