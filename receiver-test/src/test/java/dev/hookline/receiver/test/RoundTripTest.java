package dev.hookline.receiver.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.github.GitHubSignature;
import dev.hookline.receiver.lucca.LuccaSignature;
import dev.hookline.receiver.signature.HmacAlgorithm;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.TimestampFormat;
import dev.hookline.receiver.signature.Verification;
import dev.hookline.receiver.signature.WebhookSigner;
import dev.hookline.receiver.standardwebhooks.StandardWebhooksSignature;
import dev.hookline.receiver.stripe.StripeSignature;
import java.security.KeyPair;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the signers sign, the core verifiers accept; every mutation is rejected. */
class RoundTripTest {

  private static final TestClock CLOCK = TestClock.create();

  static Stream<Arguments> schemes() {
    KeyPair pair = Signers.ed25519KeyPair();
    return Stream.of(
        Arguments.of(
            "lucca",
            Signers.lucca("lucca-secret"),
            LuccaSignature.builder().secrets("lucca-secret").clock(CLOCK).build(),
            true),
        Arguments.of(
            "standard-webhooks v1",
            Signers.standardWebhooks(TestSigners.STANDARD_WEBHOOKS_SECRET),
            StandardWebhooksSignature.builder()
                .secrets(TestSigners.STANDARD_WEBHOOKS_SECRET)
                .clock(CLOCK)
                .build(),
            true),
        Arguments.of(
            "standard-webhooks v1a",
            Signers.standardWebhooksV1a(pair.getPrivate()),
            StandardWebhooksSignature.builder()
                .ed25519("v1a,", java.util.List.of(Signers.publicKeyBase64(pair)))
                .clock(CLOCK)
                .build(),
            true),
        Arguments.of("github", Signers.gitHub("gh"), GitHubSignature.verifier("gh"), false),
        Arguments.of(
            "stripe",
            Signers.stripe("whsec_abc"),
            StripeSignature.builder().secrets("whsec_abc").clock(CLOCK).build(),
            true),
        Arguments.of(
            "generic slack-like",
            Signers.hmac()
                .signatureHeader("X-Slack-Signature")
                .prefix("v0=")
                .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Slack-Request-Timestamp")
                .signedContent("v0:{timestamp}:{body}")
                .scheme()
                .signer("slack"),
            dev.hookline.receiver.signature.HmacSignature.builder()
                .signatureHeader("X-Slack-Signature")
                .prefix("v0=")
                .encoding(SignatureEncoding.HEX)
                .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Slack-Request-Timestamp")
                .signedContent("v0:{timestamp}:{body}")
                .secrets("slack")
                .clock(CLOCK)
                .build(),
            true),
        Arguments.of(
            "generic sha512 base64 millis",
            Signers.hmac()
                .signatureHeader("X-Sig")
                .algorithm(HmacAlgorithm.SHA512)
                .encoding(SignatureEncoding.BASE64)
                .timestampHeader(TimestampFormat.UNIX_MILLIS, "X-Ts")
                .signedContent("{timestamp}{body}")
                .scheme()
                .signer("k"),
            dev.hookline.receiver.signature.HmacSignature.builder()
                .signatureHeader("X-Sig")
                .algorithm(HmacAlgorithm.SHA512)
                .encoding(SignatureEncoding.BASE64)
                .timestampHeader(TimestampFormat.UNIX_MILLIS, "X-Ts")
                .signedContent("{timestamp}{body}")
                .secrets("k")
                .clock(CLOCK)
                .build(),
            true));
  }

  private static SignedRequests requests(WebhookSigner signer) {
    return SignedRequests.with("custom", signer).clock(CLOCK).body("{\"hello\":\"world\"}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void signedRequestIsAccepted(
      String scheme, WebhookSigner signer, SignatureVerifier verifier, boolean timed) {
    Verification verification = verifier.verify(requests(signer).build());

    assertThat(verification.isValid()).as(verification.toString()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void tamperedBodyIsRejected(
      String scheme, WebhookSigner signer, SignatureVerifier verifier, boolean timed) {
    assertThat(verifier.verify(requests(signer).tampered().build()).reason())
        .contains(Reason.NO_MATCHING_SIGNATURE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void missingSignatureIsRejected(
      String scheme, WebhookSigner signer, SignatureVerifier verifier, boolean timed) {
    WebhookRequest request = requests(signer).withoutSignature().build();
    Verification verification = verifier.verify(request);

    // Stripe's timestamp travels in the signature header, so it goes with it.
    assertThat(verification.reason()).contains(Reason.MISSING_HEADER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void oldTimestampIsRejectedWhereTheSchemeSignsOne(
      String scheme, WebhookSigner signer, SignatureVerifier verifier, boolean timed) {
    Verification verification = verifier.verify(requests(signer).withOldTimestamp().build());

    if (timed) {
      assertThat(verification.reason()).contains(Reason.TIMESTAMP_OUT_OF_WINDOW);
    } else {
      assertThat(verification.isValid()).isTrue();
    }
  }

  @Test
  void wrongSecretIsRejected() {
    WebhookRequest request =
        SignedRequests.lucca("other").clock(CLOCK).event(LuccaFixtures.employeeUpdated()).build();

    assertThat(
            LuccaSignature.builder()
                .secrets("lucca-secret")
                .clock(CLOCK)
                .build()
                .verify(request)
                .reason())
        .contains(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void timestampWithinToleranceIsAccepted() {
    SignedRequests request =
        SignedRequests.lucca("s").at(CLOCK.instant().minus(Duration.ofMinutes(4))).body("{}");

    assertThat(LuccaSignature.builder().secrets("s").clock(CLOCK).build().verify(request.build()))
        .matches(Verification::isValid);
  }
}
