package dev.hookline.receiver.signature.conformance;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared cases of the Standard Webhooks reference libraries
 * (github.com/standard-webhooks/standard-webhooks, {@code libraries/}), run against {@link
 * StandardWebhooksSignature}. The libraries' tests sign a fixed message with a fixed secret at
 * "now"; here "now" is a fixed clock and the signatures are computed independently with the JDK.
 *
 * <p>Where a test below cites several libraries, each of them has that case; the file paths are
 * under {@code libraries/}: {@code python/tests/test_webhooks.py}, {@code go/webhook_test.go},
 * {@code javascript/src/webhook.test.ts}, {@code java/src/test/java/com/standardwebhooks/
 * WebhookTest.java} with {@code TestScenario.java}, {@code php/tests/WebhookTest.php}, {@code
 * ruby/spec/webhook_spec.rb}, {@code csharp/StandardWebhooks.Tests/WebhookTest.cs}, {@code
 * rust/src/lib.rs} (its {@code mod tests}) and {@code elixir/test/standard_webhooks_test.exs}.
 */
class StandardWebhooksConformanceTest {

  /** {@code DEFAULT_MSG_ID} / {@code defaultMsgID} in every library's tests. */
  static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

  static final String PAYLOAD = "{\"test\": 2432232314}";

  /** {@code DEFAULT_SECRET}: base64 of the key, used with and without {@code whsec_}. */
  static final String SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** "Now" for the cases the libraries run at the current time. */
  static final long NOW = 1_700_000_000L;

  static final long TOLERANCE_SECONDS = 5 * 60;

  /** The invalid signature the libraries' multi-signature cases put around the valid one. */
  static final String CEO5 = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

  static SignatureVerifier verifierAt(long now, String secret) {
    return StandardWebhooks.scheme().withClock(clockAt(now)).verifier(secret);
  }

  /** The libraries' {@code TestPayload}: a v1 signature over {@code id.timestamp.payload}. */
  static String sign(String secret, String id, long timestamp, String payload) {
    byte[] key = Base64.getDecoder().decode(secret.replaceFirst("^whsec_", ""));
    return "v1," + base64(hmacSha256(key, utf8(id + "." + timestamp + "." + payload)));
  }

  static Map<String, String> headers(long timestamp) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", MSG_ID);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", sign(SECRET, MSG_ID, timestamp, PAYLOAD));
    return headers;
  }

  static WebhookRequest request(Map<String, String> headers, String payload) {
    WebhookRequest.Builder builder = WebhookRequest.builder().body(utf8(payload));
    headers.forEach(builder::header);
    return builder.build();
  }

  static WebhookRequest withSignature(String signature) {
    Map<String, String> headers = headers(NOW);
    headers.put("webhook-signature", signature);
    return request(headers, PAYLOAD);
  }

  static void assertRejectedAt(long now, WebhookRequest request, Reason reason, String detail) {
    assertRejected(verifierAt(now, SECRET).verify(request), reason, detail, SECRET);
  }

  /**
   * The published vector: python {@code test_sign_function}, go {@code TestWebhookSign}, js "sign
   * function works", java {@code verifyWebhookSignWorks}, php {@code testSignFunctionWorks}, ruby
   * "sign function works", csharp {@code verifyWebhookSignWorks}.
   */
  @Test
  void signFunctionVectorIsAccepted() {
    String expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", MSG_ID);
    headers.put("webhook-timestamp", "1614265330");
    headers.put("webhook-signature", expected);

    assertThat(sign("whsec_" + SECRET, MSG_ID, 1614265330L, PAYLOAD)).isEqualTo(expected);
    assertAccepted(verifierAt(1614265330L, "whsec_" + SECRET).verify(request(headers, PAYLOAD)));
  }

  /** rust {@code test_sign}: another secret, id, timestamp and payload. */
  @Test
  void rustSignVectorIsAccepted() {
    String payload = "{\"email\":\"test@example.com\",\"username\":\"test_user\"}";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk");
    headers.put("webhook-timestamp", "1649367553");
    headers.put("webhook-signature", "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=");

    assertAccepted(
        verifierAt(1649367553L, "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")
            .verify(request(headers, payload)));
  }

  /**
   * "valid signature is valid", "valid unbranded signature is valid" and "verification works with
   * and without prefix" (python, go {@code TestWebhookPrefix}, js, java, php, ruby, csharp).
   */
  @Test
  void validSignatureIsAcceptedWithAndWithoutTheSecretPrefix() {
    assertAccepted(verifierAt(NOW, SECRET).verify(request(headers(NOW), PAYLOAD)));
    assertAccepted(verifierAt(NOW, "whsec_" + SECRET).verify(request(headers(NOW), PAYLOAD)));
  }

  /** java {@code verifyCaseInsensitiveHeaders} ({@code TestScenario.withMixedCaseHeaders}). */
  @Test
  void headerNamesAreCaseInsensitive() {
    Map<String, String> lower = headers(NOW);
    Map<String, String> mixed = new LinkedHashMap<>();
    mixed.put("Webhook-Id", lower.get("webhook-id"));
    mixed.put("WEBHOOK-TIMESTAMP", lower.get("webhook-timestamp"));
    mixed.put("webhook-SIGNATURE", lower.get("webhook-signature"));

    assertAccepted(verifierAt(NOW, SECRET).verify(request(mixed, PAYLOAD)));
  }

  /** js "empty payload returns undefined": an empty body signed as {@code id.timestamp.}. */
  @Test
  void emptyPayloadIsAccepted() {
    Map<String, String> headers = headers(NOW);
    headers.put("webhook-signature", sign(SECRET, MSG_ID, NOW, ""));

    assertAccepted(verifierAt(NOW, SECRET).verify(request(headers, "")));
  }

  /**
   * "missing id/timestamp/signature raises error" (python, go, js, java, php, ruby, csharp), rust
   * {@code test_missing_headers}, elixir "raises error when missing webhook header".
   */
  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
  void missingHeaderIsRejectedNamingIt(String header) {
    Map<String, String> headers = headers(NOW);
    headers.remove(header);

    assertRejectedAt(
        NOW, request(headers, PAYLOAD), Reason.MISSING_HEADER, "missing header " + header);
  }

  /**
   * "invalid timestamp throws error" ({@code hello}: python, js; {@code teadwd}: ruby) and php's
   * {@code testInvalidFloatTimestamp}, {@code testInvalidNegativeTimestamp}, {@code
   * testInvalidStringTimestamp} (there for {@code sign}; a verifier meets them in the header).
   */
  @ParameterizedTest(name = "webhook-timestamp: {0}")
  @ValueSource(strings = {"hello", "teadwd", "161426533.0", "-161426533", "invalid timestamp"})
  void invalidTimestampIsMalformed(String timestamp) {
    Map<String, String> headers = headers(NOW);
    headers.put("webhook-timestamp", timestamp);

    assertRejectedAt(
        NOW,
        request(headers, PAYLOAD),
        Reason.MALFORMED_HEADER,
        "timestamp in header webhook-timestamp is not in the UNIX_SECONDS format");
  }

  /**
   * "invalid signature" cases. A well-formed 32-byte signature that does not match (python's {@code
   * ...OLJ1OA=}, go's and java's {@code Ceo5...}, rust {@code test_no_verify}) is no match; an
   * entry that is not base64 of 32 bytes (js and php {@code dawfeoifkpqwoekfpqoekf}, ruby and
   * csharp {@code ...NIOLawdd}, java {@code v1,invalid_signature}) is malformed, since it is the
   * only entry; all are rejected, as upstream.
   */
  @Test
  void invalidSignaturesAreRejected() {
    for (String wellFormed :
        new String[] {
          "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=",
          "v1," + CEO5,
          "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU="
        }) {
      assertRejectedAt(
          NOW,
          withSignature(wellFormed),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in webhook-signature matches a configured key");
    }
    for (String malformed :
        new String[] {
          "v1,dawfeoifkpqwoekfpqoekf",
          "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd",
          "v1,invalid_signature"
        }) {
      assertRejectedAt(
          NOW,
          withSignature(malformed),
          Reason.MALFORMED_HEADER,
          "signature in webhook-signature is not BASE64 of a 32-byte SHA256 MAC");
    }
  }

  /**
   * java {@code verifySignatureWithDifferentVersionThrowsException} ({@code v2,} + the vector
   * signature) and {@code verifyMissingPartsInSignatureThrowsException} ({@code
   * invalid_signature}): no entry of a version Hookline checks.
   */
  @ParameterizedTest(name = "webhook-signature: {0}")
  @ValueSource(strings = {"v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "invalid_signature"})
  void signatureOfNoKnownVersionIsRejected(String signature) {
    assertRejectedAt(
        NOW,
        withSignature(signature),
        Reason.NO_MATCHING_SIGNATURE,
        "header webhook-signature holds no signature this receiver can check");
  }

  /**
   * "partial signature is invalid": go and js {@code v1,}, js and rust the first 8 characters of a
   * valid header value.
   */
  @Test
  void partialSignatureIsRejected() {
    String valid = headers(NOW).get("webhook-signature");

    for (String partial : new String[] {"v1,", valid.substring(0, 8)}) {
      assertRejectedAt(
          NOW,
          withSignature(partial),
          Reason.MALFORMED_HEADER,
          "signature in webhook-signature is not BASE64 of a 32-byte SHA256 MAC");
    }
  }

  /**
   * "old timestamp fails" / "new timestamp fails": tolerance plus one second either way (python,
   * js, java {@code withOldTimestamp}/{@code withFutureTimestamp}, php, ruby, csharp, rust {@code
   * test_verify_incorrect_timestamp}, elixir).
   */
  @ParameterizedTest(name = "signed {0}s from now")
  @ValueSource(longs = {-TOLERANCE_SECONDS - 1, TOLERANCE_SECONDS + 1})
  void timestampOneSecondBeyondTheToleranceIsRejected(long offset) {
    assertRejectedAt(
        NOW,
        request(headers(NOW + offset), PAYLOAD),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp in header webhook-timestamp is 301s away from the receiver's clock; the"
            + " tolerance is 300s");
  }

  /**
   * go "old timestamp fails" signs at exactly now minus the tolerance and relies on the clock
   * having moved on by verification time (the header holds whole seconds). Hookline's window is
   * inclusive, so the same request is accepted at exactly 300 s and rejected just after.
   */
  @Test
  void timestampAtTheToleranceIsAcceptedAndJustBeyondIsRejected() {
    WebhookRequest request = request(headers(NOW - TOLERANCE_SECONDS), PAYLOAD);

    assertAccepted(verifierAt(NOW, SECRET).verify(request));
    assertRejected(
        StandardWebhooks.scheme()
            .withClock(clockAt(Instant.ofEpochSecond(NOW, 500_000_000)))
            .verifier(SECRET)
            .verify(request),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "is 300.5s away from the receiver's clock; the tolerance is 300s",
        SECRET);
  }

  /**
   * go "invalid timestamp fails when ignoring tolerance": the timestamp header is replaced by one
   * of 2000-01-01 after signing. Hookline never ignores the tolerance, so the window rejects it
   * first.
   */
  @Test
  void timestampReplacedAfterSigningIsRejected() {
    Map<String, String> headers = headers(NOW);
    headers.put("webhook-timestamp", "946684800");

    assertThat(verifierAt(NOW, SECRET).verify(request(headers, PAYLOAD)).reason())
        .contains(Reason.TIMESTAMP_OUT_OF_WINDOW);
    assertRejectedAt(
        946684800L,
        request(headers, PAYLOAD),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in webhook-signature matches a configured key");
  }

  /**
   * "multi sig payload is valid" (python, go, js, java {@code withMultipleSignatures}, php, ruby,
   * csharp) and rust {@code test_verify_with_multiple_signatures}.
   */
  @Test
  void validSignatureAmongInvalidOnesIsAccepted() {
    String valid = headers(NOW).get("webhook-signature");

    assertAccepted(
        verifierAt(NOW, SECRET)
            .verify(withSignature("v1," + CEO5 + " v2," + CEO5 + " " + valid + " v1," + CEO5)));
    assertAccepted(
        verifierAt(NOW, SECRET)
            .verify(
                withSignature(
                    "v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ="
                        + " v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q= "
                        + valid
                        + " v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=")));
  }

  /**
   * Issue 11's case beyond the libraries' suites: an undecodable entry before the valid one and an
   * entry of an unknown version after it ({@code v1,AAAA <valid> v2,BBBB}).
   */
  @Test
  void undecodableEntryBeforeTheValidOneDoesNotVetoIt() {
    String valid = headers(NOW).get("webhook-signature");

    assertAccepted(verifierAt(NOW, SECRET).verify(withSignature("v1,AAAA " + valid + " v2,BBBB")));
  }

  /** rust {@code test_no_verify_with_multiple_signatures}. */
  @Test
  void severalSignaturesNoneValidAreRejected() {
    assertRejectedAt(
        NOW,
        withSignature(
            "v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ="
                + " v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q="
                + " v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE="),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in webhook-signature matches a configured key");
  }

  /**
   * "empty key raises error" / {@code testRejectsEmptySecret} / {@code
   * testRejectsEmptyPrefixedSecret} (python, go {@code TestWebhookNoEmptySecrets} and {@code
   * TestWebhookNoEmptyPrefixedSecrets}, js, php, ruby, csharp): at build time in Hookline.
   */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "whsec_"})
  void emptySecretFailsTheBuild(String secret) {
    assertThatThrownBy(() -> StandardWebhooks.scheme().verifier(secret))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is empty");
  }

  /**
   * python {@code test_signature_verification_with_unpadded_secret} accepts secrets whose base64
   * lacks its padding ({@code ...LaLaS}, {@code ...LaSwBr}) and decodes them leniently: padded,
   * their last character still carries non-zero unused bits. Hookline deliberately decodes secrets
   * as canonical padded base64 only (PROTOCOLS.md: "base64-decode strictly"), so that one key has
   * one spelling: both forms fail at build time, and the canonical spelling of the same key
   * verifies what the Python library signs with it.
   */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr"})
  void unpaddedOrNonCanonicalSecretFailsTheBuildWhereThePythonLibraryAcceptsIt(String unpadded) {
    String padded = unpadded + "=".repeat((4 - unpadded.length() % 4) % 4);
    String canonical = base64(Base64.getDecoder().decode(padded));
    Map<String, String> headers = headers(NOW);
    headers.put("webhook-signature", sign(padded, MSG_ID, NOW, PAYLOAD));

    for (String secret : List.of(unpadded, padded)) {
      assertThatThrownBy(() -> StandardWebhooks.scheme().verifier("whsec_" + secret))
          .isInstanceOf(WebhookConfigurationException.class)
          .hasMessage("secret #1 is not valid STANDARD_WEBHOOKS text");
    }
    assertThat(canonical).isNotEqualTo(padded);
    assertAccepted(verifierAt(NOW, "whsec_" + canonical).verify(request(headers, PAYLOAD)));
  }

  /**
   * v1a (Ed25519), from the Go library's {@code go/webhook_asymmetric_test.go} (at commit
   * 5fb2ce9369bd9533ed635c0c84f8d7b0dac3a5bf) with the public key in the spec's {@code whpk_}
   * serialization ({@code spec/standard-webhooks.md}, "Signature scheme").
   */
  @Nested
  class Asymmetric {

    /** {@code TestAsymmetricWebhookSign}: the signing key's 32-byte seed, base64. */
    static final String SIGNING_SEED = "VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";

    static final String EXPECTED =
        "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";

    final KeyPair keys = fromSeed(Base64.getDecoder().decode(SIGNING_SEED));

    /**
     * The public key as Standard Webhooks serializes it: {@code whpk_} + base64 of its 32 bytes.
     */
    String whpk() {
      byte[] der = keys.getPublic().getEncoded();
      return "whpk_" + base64(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    SignatureVerifier verifierAt(long now) {
      return StandardWebhooks.scheme()
          .withClock(clockAt(now))
          .withPublicKeys(List.of(whpk()))
          .verifier();
    }

    String sign(long timestamp) {
      try {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(utf8(MSG_ID + "." + timestamp + "." + PAYLOAD));
        return "v1a," + base64(signer.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    WebhookRequest request(long timestamp, String signature) {
      return WebhookRequest.builder()
          .header("webhook-id", MSG_ID)
          .header("webhook-timestamp", Long.toString(timestamp))
          .header("webhook-signature", signature)
          .body(utf8(PAYLOAD))
          .build();
    }

    /** {@code TestAsymmetricWebhookSign}; Ed25519 is deterministic, so the JDK reproduces it. */
    @Test
    void signVectorIsReproducedAndAcceptedWithTheWhpkKey() {
      assertThat(sign(1614265330L)).isEqualTo(EXPECTED);
      assertAccepted(verifierAt(1614265330L).verify(request(1614265330L, EXPECTED)));
    }

    /**
     * "valid signature is valid" and "valid multi sig is valid" of {@code TestAsymmetricWebhook}.
     */
    @Test
    void validSignatureAloneOrAmongOthersIsAccepted() {
      String valid = sign(NOW);

      assertAccepted(verifierAt(NOW).verify(request(NOW, valid)));
      assertAccepted(
          verifierAt(NOW)
              .verify(request(NOW, "v1," + CEO5 + " v2," + CEO5 + " " + valid + " v1," + CEO5)));
    }

    /**
     * "invalid signature is invalid" ({@code v1a,Ceo5...}: 32 bytes, not an Ed25519 signature's 64)
     * and "partial signature is invalid" ({@code v1a,}).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1a," + CEO5, "v1a,"})
    void invalidSignatureIsRejected(String signature) {
      assertRejected(
          verifierAt(NOW).verify(request(NOW, signature)),
          Reason.MALFORMED_HEADER,
          "signature in webhook-signature is not BASE64 of a 64-byte Ed25519 signature");
    }

    /** "old timestamp fails" / "new timestamp fails" of {@code TestAsymmetricWebhook}. */
    @ParameterizedTest(name = "signed {0}s from now")
    @ValueSource(longs = {-TOLERANCE_SECONDS - 1, TOLERANCE_SECONDS + 1})
    void timestampBeyondTheToleranceIsRejected(long offset) {
      assertRejected(
          verifierAt(NOW).verify(request(NOW + offset, sign(NOW + offset))),
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          "is 301s away from the receiver's clock; the tolerance is 300s");
    }

    /** The Go key pair from its seed: the generator draws exactly the 32 seed bytes. */
    static KeyPair fromSeed(byte[] seed) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(
            255,
            new SecureRandom() {
              private static final long serialVersionUID = 1L;

              @Override
              public void nextBytes(byte[] bytes) {
                assertThat(bytes).hasSameSizeAs(seed);
                System.arraycopy(seed, 0, bytes, 0, seed.length);
              }
            });
        return generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
