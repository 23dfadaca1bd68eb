package io.streamfleet.protocol.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.testing.MosquittoBroker;
import io.streamfleet.testing.RequiresProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with client certificates and user/password logins against a real mosquitto. */
@RequiresProgram(value = {"mosquitto", "mosquitto_passwd"}, debianPackage = "mosquitto")
class MqttConnectionSecurityTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @Test
  void overTlsTheClientTrustsOnlyItsCaAndPresentsItsCertificate() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), pki.brokerConfig())) {
      MqttSettings settings = MqttSettings.parse("ssl://127.0.0.1:" + broker.port() + "?ca=" + pki.caCert() + "&cert=" + pki.clientCert()
          + "&key=" + pki.clientKey());
      try (MqttConnection connection = MqttConnection.start(settings, "tls-client", null, () -> { })) {
        assertThat(connection.awaitConnected(WAIT)).as("broker log:\n" + broker.log()).isTrue();
        List<MqttMessage> received = MqttConnectionTest.subscribed(connection, "secure/#");
        connection.publish("secure/hello", "over tls".getBytes(UTF_8), false).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).extracting(MqttMessage::toString).contains("secure/hello over tls"));
      }

      MqttSettings withoutCertificate = MqttSettings.parse("ssl://127.0.0.1:" + broker.port() + "?ca=" + pki.caCert());
      try (MqttConnection refused = MqttConnection.start(withoutCertificate, "tls-anonymous", null, () -> { })) {
        await().atMost(WAIT).until(() -> broker.log().contains("peer did not return a certificate"));
        assertThat(refused.connected()).isFalse();
      }
    }
  }

  @Test
  void aUserLogsInWithItsPercentEncodedPasswordAndAWrongPasswordIsRefused() throws Exception {
    Path passwords = dir.resolve("passwords");
    Process passwd = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), "agent", "pa:ss@word").start();
    assertThat(passwd.waitFor()).isZero();
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "password_file " + passwords + "\nallow_anonymous false")) {
      String hostPort = "127.0.0.1:" + broker.port();
      try (MqttConnection connection = MqttConnection.start(MqttSettings.parse("tcp://agent:pa%3Ass%40word@" + hostPort), "good-login",
          null, () -> { })) {
        assertThat(connection.awaitConnected(WAIT)).as("broker log:\n" + broker.log()).isTrue();
      }
      try (MqttConnection refused = MqttConnection.start(MqttSettings.parse("tcp://agent:wrong@" + hostPort), "bad-login", null,
          () -> { })) {
        await().atMost(WAIT).until(() -> broker.log().contains("disconnected, not authorised"));
        assertThat(refused.connected()).isFalse();
      }
      assertThat(Files.readString(passwords)).doesNotContain("pa:ss@word");
    }
  }
}
