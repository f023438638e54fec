package dev.hookline.receiver.signature.conformance;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureVerifier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GitHub's {@code X-Hub-Signature-256} against the vectors and cases of
 * octokit/webhooks-methods.js: {@code test/sign.test.ts} (commit
 * 068af5a7887c8b623879de2af5bc96968c3e34d0), {@code test/verify.test.ts} (commit
 * 0043059eb75dd14af24315d35e49ae0b089bd660) and {@code test/common/verify-signature.test.ts}
 * (commit 294c4b168f542441642ac2c42006a0773f4f002c).
 */
class OctokitConformanceTest {

  static final String SECRET = "mysecret";

  /** {@code JSON.stringify({foo: "bar"})}, signed in sign.test.ts. */
  static final String COMPACT = "{\"foo\":\"bar\"}";

  static final String COMPACT_SIGNATURE =
      "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3";

  /**
   * verify.test.ts's {@code toNormalizedJsonString({foo: "bar"})}: two-space indentation and a
   * final line break, as GitHub sent JSON then.
   */
  static final String NORMALIZED = "{\n  \"foo\": \"bar\"\n}\n";

  static final String NORMALIZED_SIGNATURE =
      "sha256=e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f";

  static WebhookRequest request(String body, String signature) {
    return WebhookRequest.builder()
        .header("X-GitHub-Event", "push")
        .header("X-Hub-Signature-256", signature)
        .body(utf8(body))
        .build();
  }

  /** sign.test.ts "sign(secret, eventPayload)" and signSync. */
  @Test
  void signVectorIsAccepted() {
    assertAccepted(GitHub.scheme().verifier(SECRET).verify(request(COMPACT, COMPACT_SIGNATURE)));
  }

  /** verify.test.ts "returns true for correct signature" (and the Buffer variants). */
  @Test
  void verifyVectorIsAccepted() {
    assertAccepted(
        GitHub.scheme().verifier(SECRET).verify(request(NORMALIZED, NORMALIZED_SIGNATURE)));
  }

  /**
   * verify.test.ts "returns true if eventPayload contains special characters (#71)": escape
   * sequences written with upper-case hex, non-ASCII text, and an escaped backslash; the secret is
   * {@code development}. The bodies are the exact bytes {@code toNormalizedJsonString} produces.
   */
  @ParameterizedTest(name = "{index}")
  @MethodSource("specialCharacterVectors")
  void specialCharacterVectorsAreAccepted(String body, String signature) {
    assertAccepted(GitHub.scheme().verifier("development").verify(request(body, signature)));
  }

  static Stream<Arguments> specialCharacterVectors() {
    return Stream.of(
        Arguments.of(
            "{\n  \"foo\": \"Foo\\n\\u001B[34mbar: ♥♥♥♥♥♥♥♥\\nthis-is-lost\\u001B[0m\\u001B[2K\"\n}\n",
            "sha256=9dacf9003316b09be07df56d86a2d0d6872e42a1e6c72c3bad9ff915a7c5603e"),
        Arguments.of(
            "{\n  \"foo\": \"\\\\u001b\"\n}\n",
            "sha256=87316067e2011fae39998b18c46a14d83b3e7c3ffdd88fb2ee5afb7d11288e60"));
  }

  /** verify.test.ts "returns false for incorrect secret". */
  @Test
  void wrongSecretIsRejected() {
    assertRejected(
        GitHub.scheme().verifier("foo").verify(request(NORMALIZED, NORMALIZED_SIGNATURE)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Hub-Signature-256 matches a configured key",
        "foo",
        NORMALIZED_SIGNATURE.substring(7));
  }

  /**
   * verify.test.ts "returns false for incorrect signature" ({@code sha256=xxx...}: not hex) and
   * verify-signature.test.ts: too short, too long, invalid character.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sha256=xxxccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f",
        "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda",
        "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3a",
        "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bdaz"
      })
  void signatureThatIsNotThirtyTwoHexBytesIsMalformed(String signature) {
    assertRejected(
        GitHub.scheme().verifier(SECRET).verify(request(COMPACT, signature)),
        Reason.MALFORMED_HEADER,
        "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC",
        SECRET);
  }

  /**
   * verify.test.ts "returns false for incorrect signature" ({@code foo}) and
   * verify-signature.test.ts: invalid algorithm ({@code sha258=}), missing algorithm, empty.
   */
  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "foo",
        "sha258=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3",
        "4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3",
        ""
      })
  void signatureWithoutTheSha256PrefixIsMalformed(String signature) {
    assertRejected(
        GitHub.scheme().verifier(SECRET).verify(request(COMPACT, signature)),
        Reason.MALFORMED_HEADER,
        "header X-Hub-Signature-256 does not start with \"sha256=\"",
        SECRET);
  }

  /**
   * verify.test.ts {@code verifyWithFallback}: the signature made with either secret passes
   * (Hookline's rotation), and with neither it fails.
   */
  @Test
  void fallbackSecretsAreRotation() {
    SignatureVerifier bogusFirst = GitHub.scheme().verifier("foo", SECRET);
    SignatureVerifier bogusSecond = GitHub.scheme().verifier(SECRET, "foo");

    assertAccepted(bogusFirst.verify(request(NORMALIZED, NORMALIZED_SIGNATURE)));
    assertAccepted(bogusSecond.verify(request(NORMALIZED, NORMALIZED_SIGNATURE)));
    assertRejected(
        GitHub.scheme().verifier("foo", "bar").verify(request(NORMALIZED, NORMALIZED_SIGNATURE)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key",
        SECRET);
  }
}
