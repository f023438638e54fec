package dev.hookline.receiver.lucca;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertToStringHides;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.concat;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.resource;
import static dev.hookline.receiver.signature.SignatureTestSupport.sha256Hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static dev.hookline.receiver.signature.SignatureTestSupport.withByteChanged;
import static dev.hookline.receiver.signature.SignatureTestSupport.withCharAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.withFirstCharFlipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Lucca's scheme against the LU-1 known-answer vector and the rules of PROTOCOLS.md 1.1. */
class LuccaSignatureTest {

  /** LU-1: the secret is used as UTF-8 bytes, never decoded. */
  static final String SECRET = "b3YGydKxao0CYEg4-2LM81rviT-vl2JzKyf_zlewRn0cpoHzh4mRLj5_Ty5neQta";

  static final String TIMESTAMP = "2025-01-01T08:34:23Z";
  static final long EPOCH_SECONDS = Instant.parse(TIMESTAMP).getEpochSecond();
  static final String SIGNATURE = "X+mYYTQeIMwAhLq0kDIJZDjJ8QdZf/rmzFdU8ATIC9s=";
  static final byte[] BODY = resource("/vectors/lucca.employee.updated.body.json");
  static final String BODY_SHA256 =
      "12749448cab6b93186a38f3797cbf0d804e525510c59987d1863720935de72e6";

  static final String NEW_SECRET =
      "Zq7-new_lucca_endpoint_secret_after_rotation_0123456789abcdefXY";
  static final String UNKNOWN_SECRET =
      "unknown-lucca-secret-never-configured-anywhere-0123456789abcd";

  /** What a correct Lucca signer sends: base64(HMAC-SHA256(secret, timestamp + "." + body)). */
  static String sign(String secret, String timestamp, byte[] body) {
    return base64(hmacSha256(utf8(secret), concat(utf8(timestamp), utf8("."), body)));
  }

  static WebhookRequest request(String timestamp, byte[] body, String signature) {
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header(Lucca.TIMESTAMP_HEADER, timestamp)
        .header(Lucca.SIGNATURE_HEADER, signature)
        .body(body)
        .build();
  }

  static SignatureVerifier verifierAt(long epochSeconds, String... secrets) {
    return LuccaSignature.builder().secrets(secrets).clock(clockAt(epochSeconds)).build();
  }

  static void assertRejectedHidingSecrets(
      Verification verification, Reason reason, String detailFragment) {
    assertRejected(verification, reason, detailFragment, SECRET, NEW_SECRET, SIGNATURE);
  }

  @Test
  void vectorBodyIsTheExactFileFromTheVectorsFolder() {
    assertThat(BODY).hasSize(1290);
    assertThat(sha256Hex(BODY)).isEqualTo(BODY_SHA256);
  }

  @Test
  void independentSignerReproducesTheVectorSignature() {
    assertThat(sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void vectorIsAcceptedWithTheClockAtItsTimestamp() {
    assertAccepted(verifierAt(EPOCH_SECONDS, SECRET).verify(request(TIMESTAMP, BODY, SIGNATURE)));
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    WebhookRequest request =
        WebhookRequest.builder()
            .header("lucca-timestamp", TIMESTAMP)
            .header("LUCCA-SIGNATURE", SIGNATURE)
            .body(BODY)
            .build();

    assertAccepted(verifierAt(EPOCH_SECONDS, SECRET).verify(request));
  }

  static Stream<Arguments> tamperedVectors() {
    return Stream.of(
        Arguments.of(
            "first body byte changed",
            request(TIMESTAMP, withByteChanged(BODY, 0), SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "middle body byte changed",
            request(TIMESTAMP, withByteChanged(BODY, 645), SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "last body byte changed",
            request(TIMESTAMP, withByteChanged(BODY, -1), SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "trailing newline added to the body",
            request(TIMESTAMP, concat(BODY, utf8("\n")), SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "timestamp one second later (still in the window)",
            request("2025-01-01T08:34:24Z", BODY, SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "same instant written with +00:00 instead of Z",
            request("2025-01-01T08:34:23+00:00", BODY, SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "timestamp digit replaced by a letter",
            request(withCharAt(TIMESTAMP, -2, 'x'), BODY, SIGNATURE),
            Reason.MALFORMED_HEADER),
        Arguments.of(
            "first signature character flipped",
            request(TIMESTAMP, BODY, withFirstCharFlipped(SIGNATURE)),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "signature character flipped in the middle",
            request(TIMESTAMP, BODY, withCharAt(SIGNATURE, 20, 'A')),
            Reason.NO_MATCHING_SIGNATURE),
        Arguments.of(
            "last signature character made non-canonical (s -> t)",
            request(TIMESTAMP, BODY, withCharAt(SIGNATURE, -2, 't')),
            Reason.MALFORMED_HEADER),
        Arguments.of(
            "signature character replaced by a non-base64 one",
            request(TIMESTAMP, BODY, withCharAt(SIGNATURE, 5, '-')),
            Reason.MALFORMED_HEADER));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("tamperedVectors")
  void tamperedVectorIsRejected(String change, WebhookRequest request, Reason reason) {
    Verification verification = verifierAt(EPOCH_SECONDS, SECRET).verify(request);

    String detail =
        switch (reason) {
          case NO_MATCHING_SIGNATURE -> "no signature in Lucca-Signature matches a configured key";
          case MALFORMED_HEADER ->
              change.startsWith("timestamp")
                  ? "timestamp in header Lucca-Timestamp is not in the ISO_8601 format"
                  : "signature in Lucca-Signature is not BASE64 of a 32-byte SHA256 MAC";
          default -> throw new AssertionError(reason);
        };
    assertRejectedHidingSecrets(verification, reason, detail);
  }

  @Test
  void secretIsUsedAsUtf8TextNotBase64urlDecoded() {
    byte[] decodedKey = Base64.getUrlDecoder().decode(SECRET);
    String signedWithDecodedKey =
        base64(hmacSha256(decodedKey, concat(utf8(TIMESTAMP), utf8("."), BODY)));
    assertThat(signedWithDecodedKey).isNotEqualTo(SIGNATURE);

    assertRejectedHidingSecrets(
        verifierAt(EPOCH_SECONDS, SECRET).verify(request(TIMESTAMP, BODY, signedWithDecodedKey)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key");
  }

  @Test
  void timestampWithAnOffsetIsSignedAsWrittenAndCheckedAsItsInstant() {
    String withOffset = "2025-01-01T09:34:23+01:00"; // the same instant as TIMESTAMP
    String signature = sign(SECRET, withOffset, BODY);

    assertAccepted(verifierAt(EPOCH_SECONDS, SECRET).verify(request(withOffset, BODY, signature)));
    assertRejectedHidingSecrets(
        verifierAt(EPOCH_SECONDS + 3600, SECRET).verify(request(withOffset, BODY, signature)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "3600s away");
  }

  @Test
  void fractionalSecondsInTheTimestampAreAccepted() {
    String precise = "2025-01-01T08:34:23.123456Z";

    assertAccepted(
        verifierAt(EPOCH_SECONDS, SECRET)
            .verify(request(precise, BODY, sign(SECRET, precise, BODY))));
  }

  @ParameterizedTest(name = "clock {0}s from the timestamp")
  @ValueSource(longs = {-300, -299, -1, 0, 1, 299, 300})
  void timestampWithinFiveMinutesInclusiveIsAccepted(long clockOffset) {
    assertAccepted(
        verifierAt(EPOCH_SECONDS + clockOffset, SECRET)
            .verify(request(TIMESTAMP, BODY, SIGNATURE)));
  }

  @ParameterizedTest(name = "clock {0}s from the timestamp")
  @ValueSource(longs = {-86_400, -301, 301, 86_400})
  void staleOrFutureTimestampIsRejectedWithTimestampOutOfWindow(long clockOffset) {
    Verification verification =
        verifierAt(EPOCH_SECONDS + clockOffset, SECRET).verify(request(TIMESTAMP, BODY, SIGNATURE));

    assertRejectedHidingSecrets(
        verification,
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp in header Lucca-Timestamp is "
            + Math.abs(clockOffset)
            + "s away from the receiver's clock");
    assertThat(verification.detail()).contains("the tolerance is 300s");
  }

  @Test
  void customToleranceIsHonoured() {
    SignatureVerifier tight =
        LuccaSignature.builder()
            .secrets(SECRET)
            .tolerance(Duration.ofSeconds(30))
            .clock(clockAt(EPOCH_SECONDS + 31))
            .build();

    assertRejectedHidingSecrets(
        tight.verify(request(TIMESTAMP, BODY, SIGNATURE)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "the tolerance is 30s");
    assertAccepted(
        LuccaSignature.builder()
            .secrets(SECRET)
            .tolerance(Duration.ofSeconds(30))
            .clock(clockAt(EPOCH_SECONDS - 30))
            .build()
            .verify(request(TIMESTAMP, BODY, SIGNATURE)));
  }

  @Test
  void missingSignatureHeaderIsRejectedWithMissingHeader() {
    WebhookRequest request =
        WebhookRequest.builder().header("Lucca-Timestamp", TIMESTAMP).body(BODY).build();

    assertRejectedHidingSecrets(
        verifierAt(EPOCH_SECONDS, SECRET).verify(request),
        Reason.MISSING_HEADER,
        "missing header Lucca-Signature");
  }

  @Test
  void missingTimestampHeaderIsRejectedWithMissingHeader() {
    WebhookRequest request =
        WebhookRequest.builder().header("Lucca-Signature", SIGNATURE).body(BODY).build();

    assertRejectedHidingSecrets(
        verifierAt(EPOCH_SECONDS, SECRET).verify(request),
        Reason.MISSING_HEADER,
        "missing header Lucca-Timestamp");
  }

  @ParameterizedTest(name = "Lucca-Timestamp: \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "1735720463",
        "2025-01-01",
        "2025-01-01T08:34:23",
        "2025-01-01 08:34:23Z",
        "2025-13-01T08:34:23Z",
        "2025-02-30T08:34:23Z",
        "2025-01-01T25:34:23Z",
        "2025-01-01T08:34:23z",
        "2025-01-01t08:34:23Z",
        "2025-01-01T08:34Z",
        "2025-01-01T08:34:23+0100",
        "2025-01-01T08:34:23+01",
        "2025-01-01T08:34:23.Z",
        "2025-01-01T08:34:60Z",
        "+2025-01-01T08:34:23Z",
        "٢٠٢٥-01-01T08:34:23Z",
        " 2025-01-01T08:34:23Z",
        "2025-01-01T08:34:23.000000000000000000000000Z",
        "not a date"
      })
  void unparseableTimestampIsRejectedWithMalformedHeader(String timestamp) {
    Verification verification =
        verifierAt(EPOCH_SECONDS, SECRET)
            .verify(request(timestamp, BODY, sign(SECRET, timestamp, BODY)));

    assertRejectedHidingSecrets(
        verification,
        Reason.MALFORMED_HEADER,
        "timestamp in header Lucca-Timestamp is not in the ISO_8601 format");
  }

  @Test
  void rotatedSecretsAreBothAccepted() {
    SignatureVerifier rotating = verifierAt(EPOCH_SECONDS, SECRET, NEW_SECRET);

    assertAccepted(rotating.verify(request(TIMESTAMP, BODY, SIGNATURE)));
    assertAccepted(rotating.verify(request(TIMESTAMP, BODY, sign(NEW_SECRET, TIMESTAMP, BODY))));
    assertRejectedHidingSecrets(
        rotating.verify(request(TIMESTAMP, BODY, sign(UNKNOWN_SECRET, TIMESTAMP, BODY))),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in Lucca-Signature matches a configured key");
  }

  @Test
  void nonAsciiUtf8BodyVerifiesOverItsExactBytes() {
    byte[] body = utf8("{\"name\":\"Zoë ç 日本\"}");
    assertThat(body).hasSizeGreaterThan("{\"name\":\"Zoë ç 日本\"}".length());

    assertAccepted(
        verifierAt(EPOCH_SECONDS, SECRET)
            .verify(request(TIMESTAMP, body, sign(SECRET, TIMESTAMP, body))));
  }

  @Test
  void crlfBodyVerifiesAndFailsOnceNormalisedToLf() {
    String crlf = "{\r\n  \"a\": 1\r\n}";
    String signature = sign(SECRET, TIMESTAMP, utf8(crlf));
    SignatureVerifier verifier = verifierAt(EPOCH_SECONDS, SECRET);

    assertAccepted(verifier.verify(request(TIMESTAMP, utf8(crlf), signature)));
    assertRejected(
        verifier.verify(request(TIMESTAMP, utf8(crlf.replace("\r\n", "\n")), signature)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key",
        SECRET,
        signature);
  }

  @Test
  void staticVerifierUsesTheSystemClock() {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    assertAccepted(
        LuccaSignature.verifier(SECRET).verify(request(now, BODY, sign(SECRET, now, BODY))));
    assertRejectedHidingSecrets(
        LuccaSignature.verifier(SECRET).verify(request(TIMESTAMP, BODY, SIGNATURE)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "the tolerance is 300s");
  }

  @Test
  void buildingWithoutASecretFails() {
    assertThatThrownBy(() -> LuccaSignature.builder().build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("at least one secret (or Ed25519 public key) is required");
  }

  @Test
  void buildingWithAnEmptySecretFails() {
    assertThatThrownBy(() -> LuccaSignature.verifier(SECRET, ""))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #2 is empty");
  }

  @Test
  void toStringHidesSecretsAndSignatures() {
    SignatureVerifier verifier = verifierAt(EPOCH_SECONDS, SECRET, NEW_SECRET);

    assertToStringHides(verifier, SECRET, NEW_SECRET, SIGNATURE);
    assertThat(verifier.toString()).contains("Lucca-Signature").contains("secrets=2");
  }
}
