package dev.hookline.receiver.signature.conformance;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.stripe.Stripe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stripe: the cases of stripe-java's {@code src/test/java/com/stripe/net/WebhookTest.java}
 * (github.com/stripe/stripe-java, commit 169866a9e0c0613461e3a4909a2f9a6c05d55f94), run against
 * {@code Stripe.scheme()}, with stripe-java's own {@code Webhook.Signature} as a third-party signer
 * ({@code generateSignatureHeader}) and verifier ({@code verifyHeader}).
 */
class StripeConformanceTest {

  /** {@code WebhookTest.setUpFixtures}. */
  static final String SECRET = "whsec_test_secret";

  static final String PAYLOAD = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
  static final long NOW = 1_700_000_000L;

  static SignatureVerifier verifierAt(Instant now, Duration tolerance) {
    return Stripe.scheme().withClock(clockAt(now)).withTolerance(tolerance).verifier(SECRET);
  }

  static SignatureVerifier verifierAt(long now) {
    return verifierAt(Instant.ofEpochSecond(now), Duration.ofSeconds(10));
  }

  static WebhookRequest request(String header, String payload) {
    return WebhookRequest.builder().header("Stripe-Signature", header).body(utf8(payload)).build();
  }

  /** {@code generateSigHeader}, delegated to stripe-java: {@code t=<ts>,v1=<hex>}. */
  static String stripeSigned(long timestamp) throws Exception {
    return Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, timestamp);
  }

  static boolean stripeAccepts(String header, long tolerance, Clock clock) {
    try {
      return Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, tolerance, clock);
    } catch (SignatureVerificationException e) {
      return false;
    }
  }

  /**
   * {@code testValidHeaderAndSignature}, {@code testValidJsonAndHeader}: a header stripe-java
   * generates is accepted, and both agree.
   */
  @Test
  void headerStripeJavaGeneratesIsAccepted() throws Exception {
    String header = stripeSigned(NOW);

    assertThat(header).startsWith("t=" + NOW + ",v1=");
    assertAccepted(verifierAt(NOW).verify(request(header, PAYLOAD)));
    assertThat(stripeAccepts(header, 10, clockAt(NOW))).isTrue();
  }

  /**
   * Third-party signer over other bodies: stripe-java's {@code Webhook.Util.computeHmacSha256} of
   * {@code t.payload}, for non-ASCII and CRLF bodies.
   */
  @ParameterizedTest(name = "body [{0}]")
  @ValueSource(strings = {"{\"name\":\"Zoë ç 日本 ♥\"}", "{\r\n  \"a\": 1\r\n}\n"})
  void whatStripeJavaSignsHooklineAccepts(String payload) throws Exception {
    String header =
        "t=" + NOW + ",v1=" + Webhook.Util.computeHmacSha256(SECRET, NOW + "." + payload);

    assertAccepted(verifierAt(NOW).verify(request(header, payload)));
  }

  /** The project's ST-1 vector (shared/vectors/README.md) verifies with stripe-java too. */
  @Test
  void stripeJavaAcceptsTheSt1Vector() throws Exception {
    String body = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}";
    String header =
        "t=1700000000,v1=7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698";

    assertThat(Webhook.Signature.verifyHeader(body, header, SECRET, 300, clockAt(NOW))).isTrue();
    assertAccepted(verifierAt(NOW).verify(request(header, body)));
  }

  /**
   * {@code testHeaderContainsValidSignature}: {@code <valid header>,v1=bad_signature}. Issue 11:
   * the undecodable entry is skipped, not a veto, in either position.
   */
  @Test
  void validSignatureNextToABadOneIsAccepted() throws Exception {
    String valid = stripeSigned(NOW);
    String validV1 = valid.substring(valid.indexOf(",v1=") + 1);

    for (String header :
        List.of(valid + ",v1=bad_signature", "t=" + NOW + ",v1=bad_signature," + validV1)) {
      assertAccepted(verifierAt(NOW).verify(request(header, PAYLOAD)));
      assertThat(stripeAccepts(header, 10, clockAt(NOW))).isTrue();
    }
  }

  /**
   * {@code testNoValidSignatureForPayload}: {@code t=<now>,v1=bad_signature}. The only entry does
   * not decode, so Hookline says the header is malformed.
   */
  @Test
  void onlyABadSignatureIsRejected() {
    assertRejected(
        verifierAt(NOW).verify(request("t=" + NOW + ",v1=bad_signature", PAYLOAD)),
        Reason.MALFORMED_HEADER,
        "signature in Stripe-Signature is not HEX of a 32-byte SHA256 MAC",
        SECRET);
  }

  /** {@code testNoSignaturesWithExpectedScheme}: a correct MAC under the {@code v0} scheme. */
  @Test
  void signatureUnderAnotherSchemeIsRejected() throws Exception {
    String v0 = stripeSigned(NOW).replace(",v1=", ",v0=");

    assertRejected(
        verifierAt(NOW).verify(request(v0, PAYLOAD)),
        Reason.NO_MATCHING_SIGNATURE,
        "header Stripe-Signature holds no signature this receiver can check",
        SECRET);
  }

  /**
   * {@code testMalformedHeader} ("i'm not even a real signature header"), {@code
   * testValidJsonAndInvalidHeader} ({@code bad_header}): no {@code t=} entry.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"i'm not even a real signature header", "bad_header"})
  void headerWithoutTimestampIsMalformed(String header) {
    assertRejected(
        verifierAt(NOW).verify(request(header, PAYLOAD)),
        Reason.MALFORMED_HEADER,
        "header Stripe-Signature has no t= entry",
        SECRET);
  }

  /**
   * {@code testMalformedTimestampValue}: {@code t=not_a_number,v1=somesignature}. Both parts are
   * malformed; Hookline reports the signature first.
   */
  @Test
  void nonNumericTimestampIsMalformed() throws Exception {
    assertRejected(
        verifierAt(NOW).verify(request("t=not_a_number,v1=somesignature", PAYLOAD)),
        Reason.MALFORMED_HEADER,
        "signature in Stripe-Signature is not HEX of a 32-byte SHA256 MAC",
        SECRET);
    String validV1 = stripeSigned(NOW).substring(("t=" + NOW + ",").length());
    assertRejected(
        verifierAt(NOW).verify(request("t=not_a_number," + validV1, PAYLOAD)),
        Reason.MALFORMED_HEADER,
        "timestamp t= in header Stripe-Signature is not in the UNIX_SECONDS format",
        SECRET);
  }

  /** {@code testTimestampOutsideTolerance}: signed 15 s ago, tolerance 10 s. */
  @Test
  void timestampFifteenSecondsOldIsRejectedWithATenSecondTolerance() throws Exception {
    String header = stripeSigned(NOW - 15);

    assertRejected(
        verifierAt(NOW).verify(request(header, PAYLOAD)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp t= in header Stripe-Signature is 15s away from the receiver's clock; the"
            + " tolerance is 10s",
        SECRET);
    assertThat(stripeAccepts(header, 10, clockAt(NOW))).isFalse();
  }

  /** {@code testValidJsonAndHeaderButOutsideTimeTolerance}: t=1, clock at 12 s, tolerance 10 s. */
  @Test
  void oldTimestampWithAFixedClockIsRejected() throws Exception {
    String header = stripeSigned(1);

    assertRejected(
        verifierAt(Instant.ofEpochMilli(12_000), Duration.ofSeconds(10))
            .verify(request(header, PAYLOAD)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "is 11s away from the receiver's clock; the tolerance is 10s",
        SECRET);
  }

  /**
   * {@code testTimestampWithClock} (t=11, clock at 1 ms) and {@code
   * testTimestampWithClockOutsideTolerance} (t=11, clock at 12 ms), both with a 10 s tolerance:
   * stripe-java accepts both, because it checks only how old a timestamp is, never how far in the
   * future. Hookline deliberately checks the window both ways (PROTOCOLS.md: "within ±5 minutes"),
   * so a timestamp 10.999 s ahead is rejected, and the detail says so exactly instead of rounding
   * it down to the tolerance.
   */
  @ParameterizedTest(name = "clock at {0} ms")
  @ValueSource(longs = {1, 12})
  void futureTimestampBeyondTheToleranceIsRejectedWhereStripeJavaAcceptsIt(long clockMillis)
      throws Exception {
    String header = stripeSigned(11);
    Instant now = Instant.ofEpochMilli(clockMillis);
    String skew = clockMillis == 1 ? "10.999s" : "10.988s";

    assertThat(stripeAccepts(header, 10, clockAt(now))).isTrue();
    assertRejected(
        verifierAt(now, Duration.ofSeconds(10)).verify(request(header, PAYLOAD)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "is " + skew + " away from the receiver's clock; the tolerance is 10s",
        SECRET);
  }

  /**
   * {@code testTimestampOffButNoTolerance}: stripe-java skips the timestamp check for a tolerance
   * of 0. Hookline has no such switch (a receiver without a window accepts replays forever): a zero
   * tolerance fails the build, and the old header is rejected with the default tolerance.
   */
  @Test
  void zeroToleranceFailsTheBuildInsteadOfDisablingTheWindow() throws Exception {
    String header = stripeSigned(12345L);

    assertThat(stripeAccepts(header, 0, clockAt(NOW))).isTrue();
    assertThatThrownBy(() -> Stripe.scheme().withTolerance(Duration.ZERO).verifier(SECRET))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("tolerance must be positive, but was PT0S");
    assertThat(
            Stripe.scheme()
                .withClock(clockAt(NOW))
                .verifier(SECRET)
                .verify(request(header, PAYLOAD))
                .reason())
        .contains(Reason.TIMESTAMP_OUT_OF_WINDOW);
  }

  /** A tampered body: both reject. */
  @Test
  void tamperedBodyIsRejectedByBoth() throws Exception {
    String header = stripeSigned(NOW);
    String tampered = PAYLOAD.replace("evt_test_webhook", "evt_test_webhooK");

    assertRejected(
        verifierAt(NOW).verify(request(header, tampered)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in Stripe-Signature matches a configured key",
        SECRET);
    assertThatThrownBy(
            () -> Webhook.Signature.verifyHeader(tampered, header, SECRET, 10, clockAt(NOW)))
        .isInstanceOf(SignatureVerificationException.class);
  }
}
