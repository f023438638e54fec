package dev.hookline.receiver.github;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertToStringHides;
import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmac;
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
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GitHub's X-Hub-Signature-256 against the GH-1 vector, and the opt-in legacy SHA-1 header. */
class GitHubSignatureTest {

  /** GH-1, GitHub's own published example. */
  static final String SECRET = "It's a Secret to Everybody";

  static final byte[] BODY = utf8("Hello, World!");
  static final String HEX = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  static final String SIGNATURE = "sha256=" + HEX;

  static final String NEW_SECRET = "gh-rotated-webhook-secret-2025";
  static final String UNKNOWN_SECRET = "gh-unknown-webhook-secret-0000";

  static final String SHA1_HEX = hex(hmac("HmacSHA1", utf8(SECRET), BODY));

  static String sign(String secret, byte[] body) {
    return "sha256=" + hex(hmacSha256(utf8(secret), body));
  }

  static WebhookRequest request(byte[] body, String signature) {
    return WebhookRequest.builder()
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        .header("X-Hub-Signature-256", signature)
        .body(body)
        .build();
  }

  static WebhookRequest legacyRequest(byte[] body, String signature) {
    return WebhookRequest.builder()
        .header("X-GitHub-Event", "push")
        .header("X-Hub-Signature", signature)
        .body(body)
        .build();
  }

  static void assertRejectedHidingSecrets(
      Verification verification, Reason reason, String detailFragment) {
    assertRejected(verification, reason, detailFragment, SECRET, NEW_SECRET, HEX, SHA1_HEX);
  }

  @Test
  void independentSignerReproducesTheVectorSignature() {
    assertThat(sign(SECRET, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void vectorIsAccepted() {
    assertAccepted(GitHubSignature.verifier(SECRET).verify(request(BODY, SIGNATURE)));
    assertAccepted(
        GitHubSignature.builder().secrets(SECRET).build().verify(request(BODY, SIGNATURE)));
  }

  @Test
  void upperCaseHexIsAccepted() {
    assertAccepted(
        GitHubSignature.verifier(SECRET)
            .verify(request(BODY, "sha256=" + HEX.toUpperCase(Locale.ROOT))));
  }

  @Test
  void surroundingWhitespaceInTheHeaderIsIgnored() {
    assertAccepted(GitHubSignature.verifier(SECRET).verify(request(BODY, " " + SIGNATURE + " ")));
  }

  static Stream<Arguments> tamperedVectors() {
    return Stream.of(
        Arguments.of(
            "first body byte changed",
            request(withByteChanged(BODY, 0), SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in X-Hub-Signature-256 matches a configured key"),
        Arguments.of(
            "last body byte changed",
            request(withByteChanged(BODY, -1), SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in X-Hub-Signature-256 matches a configured key"),
        Arguments.of(
            "trailing newline added to the body",
            request(utf8("Hello, World!\n"), SIGNATURE),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in X-Hub-Signature-256 matches a configured key"),
        Arguments.of(
            "first hex digit flipped",
            request(BODY, "sha256=" + withFirstCharFlipped(HEX)),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in X-Hub-Signature-256 matches a configured key"),
        Arguments.of(
            "last hex digit flipped",
            request(BODY, "sha256=" + withCharAt(HEX, -1, '6')),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in X-Hub-Signature-256 matches a configured key"),
        Arguments.of(
            "hex digit replaced by a non-hex letter",
            request(BODY, "sha256=" + withCharAt(HEX, 10, 'g')),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"),
        Arguments.of(
            "odd-length hex (last digit removed)",
            request(BODY, SIGNATURE.substring(0, SIGNATURE.length() - 1)),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"),
        Arguments.of(
            "hex digit replaced by Arabic-Indic three (U+0663)",
            request(BODY, "sha256=" + withCharAt(HEX, 2, '\u0663')),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"),
        Arguments.of(
            "hex digit replaced by fullwidth seven (U+FF17)",
            request(BODY, "sha256=" + withCharAt(HEX, 0, '\uff17')),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"),
        Arguments.of(
            "signature one byte short",
            request(BODY, SIGNATURE.substring(0, SIGNATURE.length() - 2)),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"),
        Arguments.of(
            "signature one byte long",
            request(BODY, SIGNATURE + "00"),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"),
        Arguments.of(
            "empty signature after the prefix",
            request(BODY, "sha256="),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"),
        Arguments.of(
            "prefix missing",
            request(BODY, HEX),
            Reason.MALFORMED_HEADER,
            "header X-Hub-Signature-256 does not start with \"sha256=\""),
        Arguments.of(
            "prefix in upper case",
            request(BODY, "SHA256=" + HEX),
            Reason.MALFORMED_HEADER,
            "header X-Hub-Signature-256 does not start with \"sha256=\""),
        Arguments.of(
            "sha1 prefix in the sha256 header",
            request(BODY, "sha1=" + SHA1_HEX),
            Reason.MALFORMED_HEADER,
            "header X-Hub-Signature-256 does not start with \"sha256=\""),
        Arguments.of(
            "base64 instead of hex",
            request(BODY, "sha256=dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc="),
            Reason.MALFORMED_HEADER,
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("tamperedVectors")
  void tamperedVectorIsRejected(
      String change, WebhookRequest request, Reason reason, String detail) {
    assertRejectedHidingSecrets(GitHubSignature.verifier(SECRET).verify(request), reason, detail);
  }

  @Test
  void missingSignatureHeaderIsRejectedWithMissingHeader() {
    WebhookRequest request =
        WebhookRequest.builder().header("X-GitHub-Event", "push").body(BODY).build();

    assertRejectedHidingSecrets(
        GitHubSignature.verifier(SECRET).verify(request),
        Reason.MISSING_HEADER,
        "missing header X-Hub-Signature-256");
  }

  @Test
  void plainVerifierIgnoresTheLegacySha1Header() {
    WebhookRequest sha1Only = legacyRequest(BODY, "sha1=" + SHA1_HEX);

    assertRejectedHidingSecrets(
        GitHubSignature.verifier(SECRET).verify(sha1Only),
        Reason.MISSING_HEADER,
        "missing header X-Hub-Signature-256");
  }

  @Test
  void legacySha1IsAcceptedWhenChosen() {
    assertThat(SHA1_HEX).hasSize(40);

    assertAccepted(
        GitHubSignature.verifierWithLegacySha1(SECRET)
            .verify(legacyRequest(BODY, "sha1=" + SHA1_HEX)));
  }

  @Test
  void legacyVerifierStillChecksSha256WhenPresent() {
    SignatureVerifier legacy = GitHubSignature.verifierWithLegacySha1(SECRET);

    assertAccepted(legacy.verify(request(BODY, SIGNATURE)));
    assertRejectedHidingSecrets(
        legacy.verify(request(withByteChanged(BODY, 0), SIGNATURE)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Hub-Signature-256 matches a configured key");
  }

  @Test
  void legacyVerifierPrefersSha256SoAValidSha1CannotRescueABadSha256() {
    WebhookRequest both =
        WebhookRequest.builder()
            .header("X-Hub-Signature-256", "sha256=" + withFirstCharFlipped(HEX))
            .header("X-Hub-Signature", "sha1=" + SHA1_HEX)
            .body(BODY)
            .build();

    assertRejectedHidingSecrets(
        GitHubSignature.verifierWithLegacySha1(SECRET).verify(both),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Hub-Signature-256 matches a configured key");
  }

  @Test
  void tamperedLegacySha1IsRejected() {
    SignatureVerifier legacy = GitHubSignature.verifierWithLegacySha1(SECRET);

    assertRejectedHidingSecrets(
        legacy.verify(legacyRequest(withByteChanged(BODY, 0), "sha1=" + SHA1_HEX)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Hub-Signature matches a configured key");
    assertRejectedHidingSecrets(
        legacy.verify(legacyRequest(BODY, "sha1=" + withFirstCharFlipped(SHA1_HEX))),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Hub-Signature matches a configured key");
    assertRejectedHidingSecrets(
        legacy.verify(legacyRequest(BODY, "sha1=" + HEX)),
        Reason.MALFORMED_HEADER,
        "signature in X-Hub-Signature is not HEX of a 20-byte SHA1 MAC");
    assertRejectedHidingSecrets(
        legacy.verify(legacyRequest(BODY, SHA1_HEX)),
        Reason.MALFORMED_HEADER,
        "header X-Hub-Signature does not start with \"sha1=\"");
  }

  @Test
  void legacyVerifierWithNeitherHeaderIsRejectedWithMissingHeader() {
    WebhookRequest none = WebhookRequest.builder().body(BODY).build();

    assertRejectedHidingSecrets(
        GitHubSignature.verifierWithLegacySha1(SECRET).verify(none),
        Reason.MISSING_HEADER,
        "missing header X-Hub-Signature");
  }

  @Test
  void rotatedSecretsAreBothAccepted() {
    SignatureVerifier rotating = GitHubSignature.verifier(SECRET, NEW_SECRET);

    assertAccepted(rotating.verify(request(BODY, SIGNATURE)));
    assertAccepted(rotating.verify(request(BODY, sign(NEW_SECRET, BODY))));
    assertRejectedHidingSecrets(
        rotating.verify(request(BODY, sign(UNKNOWN_SECRET, BODY))),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Hub-Signature-256 matches a configured key");

    SignatureVerifier legacyRotating = GitHubSignature.verifierWithLegacySha1(SECRET, NEW_SECRET);
    String newSha1 = "sha1=" + hex(hmac("HmacSHA1", utf8(NEW_SECRET), BODY));
    assertAccepted(legacyRotating.verify(legacyRequest(BODY, newSha1)));
  }

  @Test
  void nonAsciiAndCrlfBodiesVerifyOverTheirExactBytes() {
    SignatureVerifier verifier = GitHubSignature.verifier(SECRET);
    byte[] nonAscii = utf8("{\"name\":\"Zoë ç 日本\"}");
    byte[] crlf = utf8("{\r\n  \"a\": 1\r\n}");
    byte[] lf = utf8("{\n  \"a\": 1\n}");

    assertAccepted(verifier.verify(request(nonAscii, sign(SECRET, nonAscii))));
    assertAccepted(verifier.verify(request(crlf, sign(SECRET, crlf))));
    assertRejectedHidingSecrets(
        verifier.verify(request(lf, sign(SECRET, crlf))),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key");
  }

  @Test
  void emptySecretFailsTheBuild() {
    assertThatThrownBy(() -> GitHubSignature.verifier(""))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is empty");
    assertThatThrownBy(() -> GitHubSignature.verifierWithLegacySha1(""))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is empty");
  }

  @Test
  void noSecretFailsTheBuild() {
    assertThatThrownBy(() -> GitHubSignature.verifier())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("at least one secret (or Ed25519 public key) is required");
  }

  @Test
  void toStringHidesSecretsAndSignatures() {
    assertToStringHides(GitHubSignature.verifier(SECRET, NEW_SECRET), SECRET, NEW_SECRET, HEX);
    assertToStringHides(
        GitHubSignature.verifierWithLegacySha1(SECRET, NEW_SECRET),
        SECRET,
        NEW_SECRET,
        HEX,
        SHA1_HEX);
  }
}
