package io.streamfleet.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttSettingsTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({
      "tcp://broker,       false, 1883",
      "mqtt://broker,      false, 1883",
      "ssl://broker,       true,  8883",
      "mqtts://broker,     true,  8883",
      "TCP://broker,       false, 1883",
      "tcp://broker:11883, false, 11883",
      "ssl://broker:443/,  true,  443",
  })
  void everySchemeHasItsTransportAndDefaultPort(String url, boolean tls, int port) {
    MqttSettings settings = MqttSettings.parse(url);
    assertThat(settings.host()).isEqualTo("broker");
    assertThat(settings.tls()).isEqualTo(tls);
    assertThat(settings.port()).isEqualTo(port);
  }

  @Test
  void aBareUrlHasNoCredentialsNoFilesAndTheDefaultPrefix() {
    assertThat(MqttSettings.parse("tcp://127.0.0.1"))
        .isEqualTo(new MqttSettings("127.0.0.1", 1883, false, null, null, null, null, null, "streamfleet"));
    assertThat(MqttSettings.parse("tcp://127.0.0.1").topics().nodeStatus("n1")).isEqualTo("streamfleet/nodes/n1/status");
  }

  @Test
  void userAndPasswordArePercentDecoded() {
    MqttSettings settings = MqttSettings.parse("tcp://agent%40site:p%3As%2Fs%25+w%C3%B6rd@broker:1884");
    assertThat(settings.username()).isEqualTo("agent@site");
    assertThat(settings.password()).isEqualTo("p:s/s%+wörd");
    assertThat(settings.port()).isEqualTo(1884);
  }

  @Test
  void aRawAtSignInThePasswordStillSplitsAtTheLastOne() {
    MqttSettings settings = MqttSettings.parse("tcp://user:p@ss@broker");
    assertThat(settings.password()).isEqualTo("p@ss");
    assertThat(settings.host()).isEqualTo("broker");
  }

  @Test
  void aUserMayComeWithoutPassword() {
    MqttSettings settings = MqttSettings.parse("tcp://user@broker");
    assertThat(settings.username()).isEqualTo("user");
    assertThat(settings.password()).isNull();
  }

  @Test
  void anIpv6AddressGoesInBrackets() {
    MqttSettings settings = MqttSettings.parse("tcp://[::1]:1884");
    assertThat(settings.host()).isEqualTo("::1");
    assertThat(settings.port()).isEqualTo(1884);
    assertThat(settings.redacted()).isEqualTo("tcp://[::1]:1884");
  }

  @Test
  void thePrefixComesFromTheQuery() {
    assertThat(MqttSettings.parse("tcp://broker?prefix=nvr").topics().alerts("r1")).isEqualTo("nvr/alerts/r1");
    assertThat(MqttSettings.parse("tcp://broker/?prefix=site%2Fa").topicPrefix()).isEqualTo("site/a");
  }

  @Test
  void tlsFilesAreTakenWhenTheyExist() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
    Path cert = Files.writeString(dir.resolve("my cert.crt"), "x");
    Path key = Files.writeString(dir.resolve("client.key"), "x");
    MqttSettings settings = MqttSettings.parse("ssl://broker?ca=" + ca + "&cert=" + cert.toString().replace(" ", "%20") + "&key=" + key);
    assertThat(settings.caCert()).isEqualTo(ca);
    assertThat(settings.clientCert()).isEqualTo(cert);
    assertThat(settings.clientKey()).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                              | no broker URL given; use tcp://host:1883 or ssl://host:8883",
      "broker:1883                     | the URL has no scheme; use tcp://host:1883 or ssl://host:8883",
      "http://broker                   | unknown scheme 'http'; use tcp://host:1883 or ssl://host:8883",
      "tcp://                          | no host; use tcp://host:1883 or ssl://host:8883",
      "tcp://:1883                     | no host",
      "tcp://broker:                   | port '' is not a number from 1 to 65535",
      "tcp://broker:x1883              | port 'x1883' is not a number from 1 to 65535",
      "tcp://broker:70000              | port '70000' is not a number from 1 to 65535",
      "tcp://::1:1883                  | an IPv6 address needs brackets; write tcp://[::1]:1883",
      "tcp://[::1                      | IPv6 address without its closing ']'",
      "tcp://bro ker                   | host 'bro ker' is not a host name or IP address",
      "tcp://broker/streamfleet        | unexpected path '/streamfleet'; the URL names only the broker, the topic prefix goes in ?prefix=NAME",
      "tcp://broker?topic=x            | unknown parameter 'topic'; known parameters: prefix, ca, cert, key",
      "tcp://broker?prefix             | parameter 'prefix' has no value; write prefix=VALUE",
      "tcp://broker?prefix=a&prefix=b  | parameter 'prefix' is given twice; keep one",
      "tcp://broker?prefix=            | prefix '' is empty; use for example streamfleet",
      "tcp://broker?prefix=a/%2B       | prefix 'a/+' contains a wildcard",
      "tcp://broker?prefix=a/%23       | prefix 'a/#' contains a wildcard",
      "tcp://broker?prefix=/nvr        | prefix '/nvr' starts or ends with '/'; write a/b, not /a/b/",
      "tcp://broker?prefix=nvr/        | prefix 'nvr/' starts or ends with '/'",
      "tcp://broker?prefix=100%        | bad percent-encoding in the prefix= parameter",
      "tcp://broker?ca=/no/such.crt    | ca file '/no/such.crt' does not exist; ca= names the PEM file of the CA that signed the broker's certificate",
      "tcp://:secret@broker            | a password needs a user name; write tcp://USER:PASSWORD@host:1883",
  })
  void aWrongUrlIsRefusedWithAMessageThatNamesTheFix(String url, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> MqttSettings.parse(url)).withMessageStartingWith("--mqtt: " + message);
  }

  @Test
  void certAndKeyComeTogether() throws IOException {
    Path cert = Files.writeString(dir.resolve("client.crt"), "x");
    assertThatIllegalArgumentException().isThrownBy(() -> MqttSettings.parse("ssl://broker?cert=" + cert))
        .withMessage("--mqtt: cert= needs key= too (the private key of the client certificate)");
    assertThatIllegalArgumentException().isThrownBy(() -> MqttSettings.parse("ssl://broker?key=" + cert))
        .withMessage("--mqtt: key= needs cert= too (the client certificate that goes with the key)");
  }

  @Test
  void tlsFilesNeedATlsScheme() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
    assertThatIllegalArgumentException().isThrownBy(() -> MqttSettings.parse("tcp://broker?ca=" + ca))
        .withMessage("--mqtt: ca=, cert= and key= need TLS; use ssl://host:8883 (or mqtts://)");
  }

  @Test
  void errorsNeverQuoteThePassword() {
    assertThatIllegalArgumentException().isThrownBy(() -> MqttSettings.parse("tcp://user:se/cret@broker"))
        .withMessageContaining("percent-encode '/', '?', '#' and '@'").withMessageNotContaining("cret");
    assertThatIllegalArgumentException().isThrownBy(() -> MqttSettings.parse("tcp://user:se?cret@broker"))
        .withMessageNotContaining("cret");
    assertThatIllegalArgumentException().isThrownBy(() -> MqttSettings.parse("tcp://user:100%secret@broker"))
        .withMessage("--mqtt: bad percent-encoding in the password: '%' must be followed by two hex digits; write a literal '%' as %25");
  }

  @Test
  void redactedMasksThePasswordAndKeepsTheRest() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
    MqttSettings settings = MqttSettings.parse("mqtts://agent%20one:s3cr%23t@broker?prefix=nvr&ca=" + ca);
    assertThat(settings.redacted()).isEqualTo("ssl://agent%20one:****@broker:8883?prefix=nvr&ca=" + ca);
    assertThat(settings.toString()).isEqualTo(settings.redacted()).doesNotContain("s3cr");
  }

  @Test
  void redactedWithoutPasswordParsesBackToTheSameSettings() {
    MqttSettings settings = MqttSettings.parse("mqtt://user@broker:1999?prefix=a/b");
    assertThat(settings.redacted()).isEqualTo("tcp://user@broker:1999?prefix=a/b");
    assertThat(MqttSettings.parse(settings.redacted())).isEqualTo(settings);
  }
}
