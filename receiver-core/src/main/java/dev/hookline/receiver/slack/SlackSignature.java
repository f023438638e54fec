package dev.hookline.receiver.slack;

import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.TimestampFormat;

/**
 * Slack v0: {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} over {@code v0:} + {@code
 * X-Slack-Request-Timestamp} (Unix seconds) + {@code :} + the raw body, keyed with the app's
 * signing secret as UTF-8; the timestamp within ±5 minutes of the receiver's clock.
 */
final class SlackSignature {

  private SlackSignature() {}

  /** A builder preset for Slack; add {@code secrets(…)}, optionally a tolerance and a clock. */
  static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(Slack.SIGNATURE_HEADER)
        .prefix("v0=")
        .encoding(SignatureEncoding.HEX)
        .timestampHeader(TimestampFormat.UNIX_SECONDS, Slack.TIMESTAMP_HEADER)
        .signedContent("v0:{timestamp}:{body}");
  }

  /** A Slack verifier accepting any of the given signing secrets (rotation). */
  static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }
}
