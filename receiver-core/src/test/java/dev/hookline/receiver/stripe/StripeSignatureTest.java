package dev.hookline.receiver.stripe;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertToStringHides;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static dev.hookline.receiver.signature.SignatureTestSupport.withByteChanged;
import static dev.hookline.receiver.signature.SignatureTestSupport.withCharAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.withFirstCharFlipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SecretEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Stripe-Signature against the ST-1 vector: t=, repeated v1, ignored v0, the whole secret. */
class StripeSignatureTest {

  /** ST-1: the whole string, whsec_ included, is the HMAC key. */
  static final String SECRET = "whsec_test_secret";

  static final long T = 1_700_000_000L;
  static final byte[] BODY =
      utf8("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}");
  static final String V1 = "7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698";
  static final String HEADER = "t=1700000000,v1=" + V1;

  static final String NEW_SECRET = "whsec_rotated_stripe_secret";
  static final String UNKNOWN_SECRET = "whsec_unknown_stripe_secret";

  static String v1(String secret, String timestamp, byte[] body) {
    byte[] prefix = utf8(timestamp + ".");
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    return hex(hmacSha256(utf8(secret), content));
  }

  static WebhookRequest request(String header, byte[] body) {
    return WebhookRequest.builder()
        .header("Stripe-Signature", header)
        .header("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static SignatureVerifier verifierAt(long epochSeconds, String... secrets) {
    return StripeSignature.builder().secrets(secrets).clock(clockAt(epochSeconds)).build();
  }

  static void assertRejectedHidingSecrets(
      Verification verification, Reason reason, String detailFragment, String... more) {
    String[] hidden =
        Stream.concat(Stream.of(SECRET, NEW_SECRET, V1), Stream.of(more)).toArray(String[]::new);
    assertRejected(verification, reason, detailFragment, hidden);
  }

  @Test
  void independentSignerReproducesTheVectorSignature() {
    assertThat(v1(SECRET, "1700000000", BODY)).isEqualTo(V1);
  }

  @Test
  void vectorIsAcceptedWithTheClockAtItsTimestamp() {
    assertAccepted(verifierAt(T, SECRET).verify(request(HEADER, BODY)));
  }

  @Test
  void staticVerifierRejectsTheOldVectorAsStale() {
    assertRejectedHidingSecrets(
        StripeSignature.verifier(SECRET).verify(request(HEADER, BODY)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "the tolerance is 300s");
  }

  static Stream<Arguments> tamperedVectors() {
    String noMatch = "no signature in Stripe-Signature matches a configured key";
    String badHex = "signature in Stripe-Signature is not HEX of a 32-byte SHA256 MAC";
    return Stream.of(
        Arguments.of(
            "first body byte changed",
            request(HEADER, withByteChanged(BODY, 0)),
            Reason.NO_MATCHING_SIGNATURE,
            noMatch),
        Arguments.of(
            "last body byte changed",
            request(HEADER, withByteChanged(BODY, -1)),
            Reason.NO_MATCHING_SIGNATURE,
            noMatch),
        Arguments.of(
            "t one second later (still in the window)",
            request("t=1700000001,v1=" + V1, BODY),
            Reason.NO_MATCHING_SIGNATURE,
            noMatch),
        Arguments.of(
            "t with a leading zero (same instant, other text)",
            request("t=01700000000,v1=" + V1, BODY),
            Reason.NO_MATCHING_SIGNATURE,
            noMatch),
        Arguments.of(
            "t last digit replaced by a letter",
            request("t=170000000x,v1=" + V1, BODY),
            Reason.MALFORMED_HEADER,
            "timestamp t= in header Stripe-Signature is not in the UNIX_SECONDS format"),
        Arguments.of(
            "first v1 hex digit flipped",
            request("t=1700000000,v1=" + withFirstCharFlipped(V1), BODY),
            Reason.NO_MATCHING_SIGNATURE,
            noMatch),
        Arguments.of(
            "last v1 hex digit flipped",
            request("t=1700000000,v1=" + withCharAt(V1, -1, '9'), BODY),
            Reason.NO_MATCHING_SIGNATURE,
            noMatch),
        Arguments.of(
            "v1 hex digit replaced by a non-hex letter",
            request("t=1700000000,v1=" + withCharAt(V1, 4, 'z'), BODY),
            Reason.MALFORMED_HEADER,
            badHex),
        Arguments.of(
            "v1 with an odd number of hex digits",
            request("t=1700000000,v1=" + V1.substring(1), BODY),
            Reason.MALFORMED_HEADER,
            badHex),
        Arguments.of(
            "v1 hex digit replaced by Arabic-Indic three (U+0663)",
            request("t=1700000000,v1=" + withCharAt(V1, 8, '\u0663'), BODY),
            Reason.MALFORMED_HEADER,
            badHex),
        Arguments.of(
            "v1 key renamed to v2",
            request("t=1700000000,v2=" + V1, BODY),
            Reason.NO_MATCHING_SIGNATURE,
            "header Stripe-Signature holds no signature this receiver can check"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("tamperedVectors")
  void tamperedVectorIsRejected(
      String change, WebhookRequest request, Reason reason, String detail) {
    assertRejectedHidingSecrets(verifierAt(T, SECRET).verify(request), reason, detail);
  }

  @Test
  void entryOrderAndSpacesAfterCommasDoNotMatter() {
    SignatureVerifier verifier = verifierAt(T, SECRET);

    assertAccepted(verifier.verify(request("v1=" + V1 + ",t=1700000000", BODY)));
    assertAccepted(verifier.verify(request("t=1700000000, v1=" + V1, BODY)));
  }

  @Test
  void repeatedV1EntriesPassWhenOneIsValid() {
    String wrong = v1(UNKNOWN_SECRET, "1700000000", BODY);
    SignatureVerifier verifier = verifierAt(T, SECRET);

    assertAccepted(verifier.verify(request("t=1700000000,v1=" + wrong + ",v1=" + V1, BODY)));
    assertAccepted(verifier.verify(request("t=1700000000,v1=" + V1 + ",v1=" + wrong, BODY)));
    assertRejectedHidingSecrets(
        verifier.verify(request("t=1700000000,v1=" + wrong + ",v1=" + wrong, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in Stripe-Signature matches a configured key");
  }

  /** Issue 11 (and stripe-java's WebhookTest.testHeaderContainsValidSignature). */
  @Test
  void undecodableV1EntryDoesNotVetoAValidOne() {
    SignatureVerifier verifier = verifierAt(T, SECRET);

    assertAccepted(verifier.verify(request(HEADER + ",v1=bad_signature", BODY)));
    assertAccepted(verifier.verify(request("t=1700000000,v1=bad_signature,v1=" + V1, BODY)));
    assertAccepted(verifier.verify(request(HEADER + ",v1=" + V1.substring(2), BODY)));
    assertRejectedHidingSecrets(
        verifier.verify(request("t=1700000000,v1=bad_signature", BODY)),
        Reason.MALFORMED_HEADER,
        "signature in Stripe-Signature is not HEX of a 32-byte SHA256 MAC");
  }

  @Test
  void v0EntriesAreIgnored() {
    String v0 = "6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
    SignatureVerifier verifier = verifierAt(T, SECRET);

    assertAccepted(verifier.verify(request(HEADER + ",v0=" + v0, BODY)));
    assertAccepted(verifier.verify(request("t=1700000000,v0=" + v0 + ",v1=" + V1, BODY)));
    // Even a v0 entry holding the correct MAC is not a signature this scheme checks.
    assertRejectedHidingSecrets(
        verifier.verify(request("t=1700000000,v0=" + V1, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "header Stripe-Signature holds no signature this receiver can check");
    // A v0 entry is not decoded, so a malformed one does not make the header malformed.
    assertAccepted(verifier.verify(request(HEADER + ",v0=not-hex", BODY)));
  }

  @Test
  void wholeSecretIsTheKeyNotItsBase64DecodingTheWhsecTrap() {
    // What a Standard Webhooks signer would do: strip whsec_ and base64-decode the rest.
    String rest = SECRET.substring("whsec_".length());
    assertThatThrownBy(() -> Base64.getDecoder().decode(rest))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] lenientlyDecodedKey = Base64.getUrlDecoder().decode(rest);
    byte[] content = new byte[11 + BODY.length];
    System.arraycopy(utf8("1700000000."), 0, content, 0, 11);
    System.arraycopy(BODY, 0, content, 11, BODY.length);

    assertThat(hex(hmacSha256(lenientlyDecodedKey, content))).isNotEqualTo(V1);
    assertThat(hex(hmacSha256(utf8(rest), content))).isNotEqualTo(V1);
    assertThat(hex(hmacSha256(utf8(SECRET), content))).isEqualTo(V1);

    // Configured with the SW-style decoding, the ST-1 secret is rejected at build time...
    assertThatThrownBy(
            () ->
                StripeSignature.builder()
                    .secretEncoding(SecretEncoding.STANDARD_WEBHOOKS)
                    .secrets(SECRET)
                    .build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is not valid STANDARD_WEBHOOKS text");
    // ...and the nearest decodable key does not verify ST-1.
    SignatureVerifier decodedKeyVerifier =
        StripeSignature.builder()
            .secretEncoding(SecretEncoding.BASE64)
            .secrets(base64(lenientlyDecodedKey))
            .clock(clockAt(T))
            .build();
    assertRejectedHidingSecrets(
        decodedKeyVerifier.verify(request(HEADER, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in Stripe-Signature matches a configured key",
        base64(lenientlyDecodedKey));
    // ...nor does the secret with its prefix stripped.
    assertRejectedHidingSecrets(
        verifierAt(T, rest).verify(request(HEADER, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key");
  }

  @Test
  void missingSignatureHeaderIsRejectedWithMissingHeader() {
    assertRejectedHidingSecrets(
        verifierAt(T, SECRET).verify(WebhookRequest.builder().body(BODY).build()),
        Reason.MISSING_HEADER,
        "missing header Stripe-Signature");
  }

  @Test
  void headerWithoutTimestampIsMalformed() {
    assertRejectedHidingSecrets(
        verifierAt(T, SECRET).verify(request("v1=" + V1, BODY)),
        Reason.MALFORMED_HEADER,
        "header Stripe-Signature has no t= entry");
  }

  @Test
  void duplicatedTimestampIsMalformed() {
    assertRejectedHidingSecrets(
        verifierAt(T, SECRET).verify(request("t=1700000000,t=1700000000,v1=" + V1, BODY)),
        Reason.MALFORMED_HEADER,
        "header Stripe-Signature repeats t=");
    assertRejectedHidingSecrets(
        verifierAt(T, SECRET).verify(request("t=1700000000,v1=" + V1 + ",t=1699999999", BODY)),
        Reason.MALFORMED_HEADER,
        "header Stripe-Signature repeats t=");
  }

  @ParameterizedTest(name = "t=\"{0}\"")
  @ValueSource(strings = {"17000000001234567", "", "-1700000000", "1700000000.5", "١٧٠٠٠٠٠٠٠٠"})
  void unparseableTimestampIsMalformed(String t) {
    assertRejectedHidingSecrets(
        verifierAt(T, SECRET).verify(request("t=" + t + ",v1=" + v1(SECRET, t, BODY), BODY)),
        Reason.MALFORMED_HEADER,
        "timestamp t= in header Stripe-Signature is not in the UNIX_SECONDS format");
  }

  @Test
  void moreThanSixteenEntriesAreMalformed() {
    String wrong = ",v1=" + v1(UNKNOWN_SECRET, "1700000000", BODY);
    String fourteenWrong = String.join("", Collections.nCopies(14, wrong));

    // t= plus 15 v1 entries: 16 entries in all, read in full.
    assertAccepted(verifierAt(T, SECRET).verify(request(HEADER + fourteenWrong, BODY)));
    // t= plus 16 v1 entries: 17 entries.
    assertRejectedHidingSecrets(
        verifierAt(T, SECRET).verify(request(HEADER + fourteenWrong + wrong, BODY)),
        Reason.MALFORMED_HEADER,
        "header Stripe-Signature has more than 16 entries");
  }

  @ParameterizedTest(name = "clock {0}s from t")
  @ValueSource(longs = {-300, -1, 0, 1, 300})
  void timestampWithinThreeHundredSecondsInclusiveIsAccepted(long clockOffset) {
    assertAccepted(verifierAt(T + clockOffset, SECRET).verify(request(HEADER, BODY)));
  }

  @ParameterizedTest(name = "clock {0}s from t")
  @ValueSource(longs = {-301, 301})
  void timestampOneSecondBeyondTheToleranceIsRejectedWithTimestampOutOfWindow(long clockOffset) {
    assertRejectedHidingSecrets(
        verifierAt(T + clockOffset, SECRET).verify(request(HEADER, BODY)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp t= in header Stripe-Signature is 301s away from the receiver's clock; the tolerance is 300s");
  }

  @Test
  void customToleranceIsHonoured() {
    SignatureVerifier at30 =
        StripeSignature.builder()
            .secrets(SECRET)
            .tolerance(Duration.ofSeconds(30))
            .clock(clockAt(T + 30))
            .build();
    SignatureVerifier at31 =
        StripeSignature.builder()
            .secrets(SECRET)
            .tolerance(Duration.ofSeconds(30))
            .clock(clockAt(T - 31))
            .build();

    assertAccepted(at30.verify(request(HEADER, BODY)));
    assertRejectedHidingSecrets(
        at31.verify(request(HEADER, BODY)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp t= in header Stripe-Signature is 31s away from the receiver's clock; the tolerance is 30s");
  }

  @Test
  void rotatedSecretsAreBothAccepted() {
    SignatureVerifier rotating = verifierAt(T, SECRET, NEW_SECRET);
    String byNew = v1(NEW_SECRET, "1700000000", BODY);
    String byUnknown = v1(UNKNOWN_SECRET, "1700000000", BODY);

    assertAccepted(rotating.verify(request(HEADER, BODY)));
    assertAccepted(rotating.verify(request("t=1700000000,v1=" + byNew, BODY)));
    assertRejectedHidingSecrets(
        rotating.verify(request("t=1700000000,v1=" + byUnknown, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in Stripe-Signature matches a configured key",
        byNew);
  }

  @Test
  void nonAsciiAndCrlfBodiesVerifyOverTheirExactBytes() {
    SignatureVerifier verifier = verifierAt(T, SECRET);
    byte[] nonAscii = utf8("{\"name\":\"Zoë ç 日本\"}");
    byte[] crlf = utf8("{\r\n  \"a\": 1\r\n}");
    byte[] lf = utf8("{\n  \"a\": 1\n}");
    String crlfSignature = v1(SECRET, "1700000000", crlf);

    assertAccepted(
        verifier.verify(
            request("t=1700000000,v1=" + v1(SECRET, "1700000000", nonAscii), nonAscii)));
    assertAccepted(verifier.verify(request("t=1700000000,v1=" + crlfSignature, crlf)));
    assertRejectedHidingSecrets(
        verifier.verify(request("t=1700000000,v1=" + crlfSignature, lf)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key",
        crlfSignature);
  }

  @Test
  void nonPositiveToleranceFailsTheBuild() {
    assertThatThrownBy(
            () -> StripeSignature.builder().secrets(SECRET).tolerance(Duration.ZERO).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("tolerance must be positive, but was PT0S");
  }

  @Test
  void toStringHidesSecretsAndSignatures() {
    SignatureVerifier verifier = verifierAt(T, SECRET, NEW_SECRET);

    assertToStringHides(verifier, SECRET, NEW_SECRET, V1);
    assertThat(verifier.toString()).contains("Stripe-Signature").contains("secrets=2");
  }
}
