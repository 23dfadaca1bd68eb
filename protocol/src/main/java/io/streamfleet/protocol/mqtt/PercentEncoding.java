package io.streamfleet.protocol.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * RFC 3986 percent-encoding for the parts of an MQTT URL. Unlike {@link java.net.URLDecoder}
 * (form encoding) a '+' stays a '+', which matters in passwords.
 */
final class PercentEncoding {
  private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private PercentEncoding() {}

  /**
   * Decodes {@code %XX} sequences (UTF-8).
   *
   * @param what names the part in the error message, never its value (it may be a password)
   */
  static String decode(String encoded, String what) {
    if (encoded.indexOf('%') < 0) {
      return encoded;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < encoded.length()) {
      int percent = encoded.indexOf('%', i);
      int runEnd = percent < 0 ? encoded.length() : percent;
      bytes.writeBytes(encoded.substring(i, runEnd).getBytes(StandardCharsets.UTF_8));
      if (percent < 0) {
        break;
      }
      if (percent + 2 >= encoded.length() || !isHex(encoded.charAt(percent + 1)) || !isHex(encoded.charAt(percent + 2))) {
        throw new IllegalArgumentException("bad percent-encoding in the " + what + ": '%' must be followed by two hex digits;"
            + " write a literal '%' as %25");
      }
      bytes.write(HexFormat.fromHexDigits(encoded, percent + 1, percent + 3));
      i = percent + 3;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the percent-encoded " + what + " is not UTF-8 text");
    }
  }

  /** Encodes everything except RFC 3986 unreserved characters and those in {@code keep}. */
  static String encode(String text, String keep) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (b >= 0 && (UNRESERVED.indexOf(c) >= 0 || keep.indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
