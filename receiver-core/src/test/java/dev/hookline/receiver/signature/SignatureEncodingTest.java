package dev.hookline.receiver.signature;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.WebhookRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strict decoding of signatures ({@link SignatureEncoding}) and timestamps ({@link
 * TimestampFormat}): anything but the canonical form is refused, so it becomes MALFORMED_HEADER.
 */
class SignatureEncodingTest {

  static final byte[] MAC = hmacSha256(utf8("encoding-test-key"), utf8("payload"));

  @Nested
  class Hex {

    @Test
    void lowerUpperAndMixedCaseDecodeToTheSameBytes() {
      String lower = hex(MAC);

      assertThat(SignatureEncoding.HEX.decode(lower)).isEqualTo(MAC);
      assertThat(SignatureEncoding.HEX.decode(lower.toUpperCase(Locale.ROOT))).isEqualTo(MAC);
      assertThat(SignatureEncoding.HEX.decode("0aFf")).containsExactly(0x0a, 0xff);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
        strings = {
          "",
          "a",
          "abc",
          "0g",
          "zz",
          "0x12",
          "12 34",
          " 1234",
          "12-4",
          "\u0663\u0663", // Arabic-Indic digit three, twice
          "1\u0663",
          "\uff11\uff12", // fullwidth digits one and two
          "\u0967\u0968", // Devanagari digits one and two
          "\uff41\uff42" // fullwidth letters a and b
        })
    void nonHexOrOddLengthTextIsRefused(String text) {
      assertThat(SignatureEncoding.HEX.decode(text)).isNull();
    }

    @Test
    void everyAsciiHexDigitDecodes() {
      assertThat(SignatureEncoding.HEX.decode("0123456789abcdefABCDEF"))
          .containsExactly(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef);
    }
  }

  @Nested
  class Base64 {

    @Test
    void canonicalPaddedBase64Decodes() {
      assertThat(SignatureEncoding.BASE64.decode(base64(MAC))).isEqualTo(MAC);
      assertThat(SignatureEncoding.BASE64.decode("AQID")).containsExactly(1, 2, 3);
      assertThat(SignatureEncoding.BASE64.decode("AQI=")).containsExactly(1, 2);
      assertThat(SignatureEncoding.BASE64.decode("AQ==")).containsExactly(1);
      assertThat(SignatureEncoding.BASE64.decode("+/+/")).containsExactly(0xfb, 0xff, 0xbf);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
        strings = {
          "",
          "abc", // too short, no padding
          "AQI", // padding missing
          "AQ", // padding missing
          "AQ=", // padding incomplete
          "AQ===",
          "AR==", // non-canonical: stray bits in the last character
          "AQJ=", // non-canonical
          "AQ==AQ==", // padding in the middle
          "-_-_", // base64url alphabet
          "AQ ID",
          "AQID\n",
          "A\u0663ID", // a non-ASCII digit
          "===="
        })
    void nonCanonicalOrInvalidBase64IsRefused(String text) {
      assertThat(SignatureEncoding.BASE64.decode(text)).isNull();
    }

    @Test
    void nonCanonicalVariantOfARealSignatureIsRefused() {
      String canonical = base64(MAC); // 32 bytes: 43 characters + '='; 2 unused bits
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      int last = alphabet.indexOf(canonical.charAt(42));
      assertThat(last & 0b11).isZero();

      for (int stray = 1; stray <= 3; stray++) {
        String variant = canonical.substring(0, 42) + alphabet.charAt(last | stray) + "=";
        assertThat(java.util.Base64.getDecoder().decode(variant))
            .as("the JDK decoder alone accepts %s", variant)
            .isEqualTo(MAC);
        assertThat(SignatureEncoding.BASE64.decode(variant)).as(variant).isNull();
      }
    }
  }

  @Nested
  class Timestamps {

    @Test
    void unixSecondsAllowsUpToTwelveAsciiDigits() {
      assertThat(TimestampFormat.UNIX_SECONDS.parse("1614265330"))
          .isEqualTo(Instant.ofEpochSecond(1_614_265_330L));
      assertThat(TimestampFormat.UNIX_SECONDS.parse("0")).isEqualTo(Instant.EPOCH);
      assertThat(TimestampFormat.UNIX_SECONDS.parse("999999999999"))
          .isEqualTo(Instant.ofEpochSecond(999_999_999_999L));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
        strings = {
          "",
          "1000000000000", // 13 digits
          "16142653301234567",
          "99999999999999999999999",
          "-1",
          "+1",
          "1.5",
          "1e9",
          " 1",
          "1 ",
          "١٦١٤٢٦٥٣٣٠",
          "１６１４２６５３３０"
        })
    void unixSecondsRefusesAnythingElse(String text) {
      assertThat(TimestampFormat.UNIX_SECONDS.parse(text)).isNull();
    }

    @Test
    void unixMillisAllowsUpToFifteenAsciiDigits() {
      assertThat(TimestampFormat.UNIX_MILLIS.parse("1700000000123"))
          .isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
      assertThat(TimestampFormat.UNIX_MILLIS.parse("999999999999999"))
          .isEqualTo(Instant.ofEpochMilli(999_999_999_999_999L));
      assertThat(TimestampFormat.UNIX_MILLIS.parse("1000000000000000")).isNull();
      assertThat(TimestampFormat.UNIX_MILLIS.parse("17000000001.23")).isNull();
    }

    @Test
    void isoRequiresAnOffsetAndAValidDate() {
      assertThat(TimestampFormat.ISO_8601.parse("2025-01-01T08:34:23Z"))
          .isEqualTo(Instant.parse("2025-01-01T08:34:23Z"));
      assertThat(TimestampFormat.ISO_8601.parse("2025-01-01T09:34:23+01:00"))
          .isEqualTo(Instant.parse("2025-01-01T08:34:23Z"));
      assertThat(TimestampFormat.ISO_8601.parse("2025-01-01T08:34:23.5Z"))
          .isEqualTo(Instant.parse("2025-01-01T08:34:23.500Z"));
      assertThat(TimestampFormat.ISO_8601.parse("2025-01-01T08:34:23.123456789-05:30"))
          .isEqualTo(Instant.parse("2025-01-01T14:04:23.123456789Z"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
        strings = {
          "",
          "2025-01-01T08:34:23",
          "2025-01-01",
          "08:34:23Z",
          "2025-02-29T08:34:23Z",
          "2025-01-01T08:60:23Z",
          "2025-01-01T08:34:23+19:00",
          "20250101T083423Z",
          "2025-01-01T08:34:23z",
          "2025-01-01t08:34:23Z",
          "2025-01-01T08:34Z",
          "2025-01-01T08:34:23+0100",
          "2025-01-01T08:34:23.Z",
          "2025-1-01T08:34:23Z",
          "1735720463",
          "2025-01-01T08:34:23.1234567890123456789012345Z"
        })
    void isoRefusesAnythingElse(String text) {
      assertThat(TimestampFormat.ISO_8601.parse(text)).isNull();
    }
  }

  /** The same rules, seen through a verifier: each refusal is a MALFORMED_HEADER. */
  @Nested
  class ThroughAVerifier {

    static final String SECRET = "encoding-through-verifier-secret";
    static final byte[] BODY = utf8("{\"ok\":true}");

    final byte[] mac = hmacSha256(utf8(SECRET), BODY);

    SignatureVerifier verifier(SignatureEncoding encoding) {
      return HmacSignature.builder()
          .signatureHeader("X-Signature")
          .prefix("sha256=")
          .encoding(encoding)
          .secrets(SECRET)
          .build();
    }

    Verification verify(SignatureEncoding encoding, String header) {
      return verifier(encoding)
          .verify(WebhookRequest.builder().header("X-Signature", header).body(BODY).build());
    }

    @Test
    void canonicalEncodingsAreAccepted() {
      assertAccepted(verify(SignatureEncoding.HEX, "sha256=" + hex(mac)));
      assertAccepted(verify(SignatureEncoding.BASE64, "sha256=" + base64(mac)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"abc", "", "AQID", "-_-_"})
    void badBase64IsMalformed(String encoded) {
      assertRejected(
          verify(SignatureEncoding.BASE64, "sha256=" + encoded),
          Reason.MALFORMED_HEADER,
          "signature in X-Signature is not BASE64 of a 32-byte SHA256 MAC",
          SECRET,
          base64(mac),
          hex(mac));
    }

    @Test
    void nonCanonicalBase64IsMalformed() {
      String canonical = base64(mac);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      int last = alphabet.indexOf(canonical.charAt(42));
      String variant = canonical.substring(0, 42) + alphabet.charAt(last ^ 0b10) + "=";

      assertRejected(
          verify(SignatureEncoding.BASE64, "sha256=" + variant),
          Reason.MALFORMED_HEADER,
          "signature in X-Signature is not BASE64 of a 32-byte SHA256 MAC",
          SECRET,
          canonical);
    }

    @Test
    void oddLengthOrNonAsciiHexIsMalformed() {
      String hex = hex(mac);

      assertRejected(
          verify(SignatureEncoding.HEX, "sha256=" + hex.substring(1)),
          Reason.MALFORMED_HEADER,
          "signature in X-Signature is not HEX of a 32-byte SHA256 MAC",
          SECRET,
          hex);
      assertRejected(
          verify(SignatureEncoding.HEX, "sha256=" + "\u0663" + hex.substring(1)),
          Reason.MALFORMED_HEADER,
          "signature in X-Signature is not HEX of a 32-byte SHA256 MAC",
          SECRET,
          hex);
    }

    @Test
    void wrongLengthIsMalformedInEitherEncoding() {
      byte[] short31 = Arrays.copyOf(mac, 31);

      assertRejected(
          verify(SignatureEncoding.HEX, "sha256=" + hex(short31)),
          Reason.MALFORMED_HEADER,
          "is not HEX of a 32-byte SHA256 MAC",
          SECRET,
          hex(mac));
      assertRejected(
          verify(SignatureEncoding.BASE64, "sha256=" + base64(short31)),
          Reason.MALFORMED_HEADER,
          "is not BASE64 of a 32-byte SHA256 MAC",
          SECRET,
          base64(mac));
    }
  }
}
