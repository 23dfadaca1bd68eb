package io.streamfleet.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The token format: {@code sf1.ID.SECRET} for API tokens and {@code sfj1.ID.SECRET.CAPIN} for
 * join tokens, where ID is 12 hex digits (public: lists, audit), SECRET 32 random bytes in
 * base64url (only its SHA-256 is stored), and CAPIN the SHA-256 of the cluster CA certificate,
 * base64url, so that a joining agent can trust the server before it holds the CA.
 */
public final class TokenSecrets {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
  private static final Pattern B64 = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private TokenSecrets() {}

  /** A token as issued: the whole string is shown once and never stored. */
  public record Issued(String id, String secret, String text) {}

  /** A presented token, split; the pin is null for API tokens. */
  public record Presented(String id, String secret, String caPin) {}

  public static Issued newApiToken(SecureRandom random) {
    String id = newId(random);
    String secret = newSecret(random);
    return new Issued(id, secret, "sf1." + id + "." + secret);
  }

  public static Issued newJoinToken(SecureRandom random, String caPin) {
    String id = newId(random);
    String secret = newSecret(random);
    return new Issued(id, secret, "sfj1." + id + "." + secret + "." + caPin);
  }

  /** Splits a token string; empty when it is not in either format (never echoes the input). */
  public static Optional<Presented> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length == 3 && parts[0].equals("sf1") && ID.matcher(parts[1]).matches() && B64.matcher(parts[2]).matches()) {
      return Optional.of(new Presented(parts[1], parts[2], null));
    }
    if (parts.length == 4 && parts[0].equals("sfj1") && ID.matcher(parts[1]).matches() && B64.matcher(parts[2]).matches()
        && B64.matcher(parts[3]).matches()) {
      return Optional.of(new Presented(parts[1], parts[2], parts[3]));
    }
    return Optional.empty();
  }

  public static String sha256Hex(String secret) {
    return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** The CA pin a join token carries: base64url SHA-256 of the DER certificate. */
  public static String pin(byte[] derCertificate) {
    return ENCODER.encodeToString(sha256(derCertificate));
  }

  /** Constant-time comparison of a presented secret with a stored hash. */
  public static boolean matches(String secret, String storedSha256Hex) {
    return MessageDigest.isEqual(sha256Hex(secret).getBytes(StandardCharsets.US_ASCII),
        storedSha256Hex.getBytes(StandardCharsets.US_ASCII));
  }

  private static String newId(SecureRandom random) {
    byte[] b = new byte[6];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String newSecret(SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return ENCODER.encodeToString(b);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
