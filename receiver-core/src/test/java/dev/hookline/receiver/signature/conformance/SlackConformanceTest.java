package dev.hookline.receiver.signature.conformance;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.TimestampFormat;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Slack v0 signatures, configured with {@link HmacSignature#builder()} as its Javadoc shows,
 * against slackapi/python-slack-sdk's {@code tests/slack_sdk/signature/test_signature_verifier.py}
 * (commit 0756c47d234ec540b9106150d51ba3adb2c88b25), whose vector is the one in Slack's "Verifying
 * requests from Slack".
 */
class SlackConformanceTest {

  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String TIMESTAMP = "1531420618";
  static final String BODY =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
          + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
          + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
          + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
          + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  static final String VALID_SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  /** The upstream {@code MockClock}: now is the vector's timestamp. */
  static final Clock MOCK_CLOCK = clockAt(1531420618L);

  static SignatureVerifier verifier(String secret, Clock clock) {
    return HmacSignature.builder()
        .signatureHeader("X-Slack-Signature")
        .prefix("v0=")
        .encoding(SignatureEncoding.HEX)
        .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Slack-Request-Timestamp")
        .signedContent("v0:{timestamp}:{body}")
        .secrets(secret)
        .clock(clock)
        .build();
  }

  static WebhookRequest request(String body, String timestamp, String signature) {
    WebhookRequest.Builder builder = WebhookRequest.builder().body(utf8(body));
    if (timestamp != null) {
      builder.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      builder.header("X-Slack-Signature", signature);
    }
    return builder.build();
  }

  /**
   * {@code test_is_valid_request}, {@code test_is_valid_request_body_as_bytes}, {@code
   * test_is_valid}.
   */
  @Test
  void documentedRequestIsValid() {
    assertAccepted(
        verifier(SIGNING_SECRET, MOCK_CLOCK).verify(request(BODY, TIMESTAMP, VALID_SIGNATURE)));
  }

  /**
   * {@code test_is_valid_request_invalid_body} (and its bytes variant): {@code body + "------"}.
   */
  @Test
  void modifiedBodyIsRejected() {
    assertRejected(
        verifier(SIGNING_SECRET, MOCK_CLOCK)
            .verify(request(BODY + "------", TIMESTAMP, VALID_SIGNATURE)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Slack-Signature matches a configured key",
        SIGNING_SECRET,
        VALID_SIGNATURE.substring(3));
  }

  /** {@code test_is_valid_request_expiration}: the real clock, years after the timestamp. */
  @Test
  void documentedRequestIsExpiredAgainstTheRealClock() {
    assertRejected(
        verifier(SIGNING_SECRET, Clock.systemUTC())
            .verify(request(BODY, TIMESTAMP, VALID_SIGNATURE)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "the tolerance is 300s",
        SIGNING_SECRET);
  }

  /**
   * {@code test_is_valid_request_none} and {@code test_is_valid_none}: a missing body is an empty
   * body (no match); missing headers are named.
   */
  @Test
  void missingPartsAreRejected() {
    SignatureVerifier verifier = verifier(SIGNING_SECRET, MOCK_CLOCK);

    assertRejected(
        verifier.verify(request("", TIMESTAMP, VALID_SIGNATURE)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key",
        SIGNING_SECRET);
    assertRejected(
        verifier.verify(request(BODY, null, VALID_SIGNATURE)),
        Reason.MISSING_HEADER,
        "missing header X-Slack-Request-Timestamp",
        SIGNING_SECRET);
    assertRejected(
        verifier.verify(request(BODY, TIMESTAMP, null)),
        Reason.MISSING_HEADER,
        "missing header X-Slack-Signature",
        SIGNING_SECRET);
    assertRejected(
        verifier.verify(request(BODY, null, null)),
        Reason.MISSING_HEADER,
        "missing header X-Slack-Signature",
        SIGNING_SECRET);
  }

  /** {@code test_invalid_signing_secret}: {@code ""} and {@code " "} are refused up front. */
  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      quoteCharacter = '\'',
      value = {"'', secret #1 is empty", "'   ', secret #1 is blank"})
  void emptyOrBlankSigningSecretFailsTheBuild(String secret, String message) {
    assertThatThrownBy(() -> verifier(secret, MOCK_CLOCK))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(message);
  }
}
