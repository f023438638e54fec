package dev.hookline.receiver.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Independent signing and assertion helpers for the signature tests. Expected signatures are
 * computed here with {@link Mac}, {@link Base64} and {@link HexFormat} only, never with the main
 * code, so that a test fails when the verifier and the documented algorithm disagree.
 */
public final class SignatureTestSupport {

  private SignatureTestSupport() {}

  /** The UTF-8 bytes of the text. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The arrays one after the other. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** HMAC with the given JCA algorithm (e.g. {@code HmacSHA256}) over the message. */
  public static byte[] hmac(String jcaAlgorithm, byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(jcaAlgorithm);
      mac.init(new SecretKeySpec(key, jcaAlgorithm));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-SHA256 over the message. */
  public static byte[] hmacSha256(byte[] key, byte[] message) {
    return hmac("HmacSHA256", key, message);
  }

  /** Lower-case hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Standard base64 with padding. */
  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Lower-case hex SHA-256 of the bytes. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A clock stopped at the given Unix second, in UTC. */
  public static Clock clockAt(long epochSecond) {
    return clockAt(Instant.ofEpochSecond(epochSecond));
  }

  /** A clock stopped at the given instant, in UTC. */
  public static Clock clockAt(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** The raw bytes of a test-classpath resource. */
  public static byte[] resource(String path) {
    try (InputStream in = SignatureTestSupport.class.getResourceAsStream(path)) {
      assertThat(in).as("test resource %s", path).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the bytes with the byte at {@code index} changed (lowest bit flipped). */
  public static byte[] withByteChanged(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    int at = index < 0 ? copy.length + index : index;
    copy[at] ^= 0x01;
    return copy;
  }

  /** The text with the character at {@code index} (negative: from the end) replaced. */
  public static String withCharAt(String text, int index, char replacement) {
    int at = index < 0 ? text.length() + index : index;
    assertThat(text.charAt(at))
        .as("the replacement must change the text")
        .isNotEqualTo(replacement);
    return text.substring(0, at) + replacement + text.substring(at + 1);
  }

  /**
   * The text with its first character replaced by another character valid in both hex and base64
   * ({@code 0} or {@code 1}). The first character of base64 carries six full bits, so the result
   * stays canonical and decodes to a signature of the same length with different bytes.
   */
  public static String withFirstCharFlipped(String encoded) {
    return withCharAt(encoded, 0, encoded.charAt(0) == '0' ? '1' : '0');
  }

  /** Asserts the verification passed, showing the reason if it did not. */
  public static void assertAccepted(Verification verification) {
    assertThat(verification.isValid()).as("expected valid but was %s", verification).isTrue();
    assertThat(verification.reason()).isEmpty();
  }

  /**
   * Asserts the verification failed for the reason, that its detail holds the fragment, and that
   * the detail holds none of the secrets or correct signatures (compared ignoring case so that a
   * hex value in either case is caught).
   */
  public static void assertRejected(
      Verification verification, Reason reason, String detailFragment, String... neverShown) {
    assertThat(verification.isValid()).as("expected %s but was valid", reason).isFalse();
    assertThat(verification.reason()).as(verification.toString()).contains(reason);
    assertThat(verification.detail()).contains(detailFragment);
    assertNotShown(verification.detail(), neverShown);
    assertNotShown(verification.toString(), neverShown);
  }

  /** Asserts {@code toString()} of the verifier shows none of the secrets or signatures. */
  public static void assertToStringHides(Object verifier, String... neverShown) {
    String text = String.valueOf(verifier);
    assertThat(text).isNotBlank();
    assertNotShown(text, neverShown);
  }

  private static void assertNotShown(String text, String... neverShown) {
    for (String value : neverShown) {
      if (value != null && !value.isEmpty()) {
        assertThat(text).doesNotContainIgnoringCase(value);
      }
    }
  }
}
