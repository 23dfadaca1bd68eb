package io.streamfleet.protocol.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.streamfleet.protocol.tls.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of {@link MqttSettings}: with a CA file trust only that CA, else the JVM's default
 * trust store; with a client certificate and key (PEM; the key PKCS#8 or traditional EC/RSA, read
 * by BouncyCastle through {@link Pem}) present that certificate. HiveMQ checks that the broker's
 * certificate names the host dialled.
 */
final class MqttTls {
  /** Protects the key only inside this in-memory key store, which never reaches a disk. */
  private static final char[] IN_MEMORY_STORE_PASSWORD = "in-memory".toCharArray();

  private MqttTls() {}

  /**
   * @return null when the settings ask for no TLS
   * @throws IllegalArgumentException naming the file that cannot be used
   */
  static MqttClientSslConfig sslConfig(MqttSettings settings) {
    if (!settings.tls()) {
      return null;
    }
    MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder();
    if (settings.caCert() != null) {
      builder = builder.trustManagerFactory(trustOnly(readCertificates("ca", settings.caCert())));
    }
    if (settings.clientCert() != null) {
      builder = builder.keyManagerFactory(keyManager(readCertificates("cert", settings.clientCert()), readKey(settings.clientKey())));
    }
    return builder.build();
  }

  private static TrustManagerFactory trustOnly(List<X509Certificate> cas) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("--mqtt: cannot trust the CA of ca=: " + e.getMessage(), e);
    }
  }

  private static KeyManagerFactory keyManager(List<X509Certificate> chain, PrivateKey key) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setKeyEntry("client", key, IN_MEMORY_STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY_STORE_PASSWORD);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("--mqtt: cert= and key= do not form a client identity: " + e.getMessage()
          + "; check that the key belongs to the certificate", e);
    }
  }

  private static List<X509Certificate> readCertificates(String parameter, Path file) {
    try {
      return Pem.readCertificates(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--mqtt: " + parameter + "= cannot be read: " + e.getMessage()
          + "; it must be a PEM certificate file", e);
    }
  }

  private static PrivateKey readKey(Path file) {
    try {
      return Pem.readPrivateKey(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--mqtt: key= cannot be read: " + e.getMessage(), e);
    }
  }
}
