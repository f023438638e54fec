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
public final class SlackSignature {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Slack-Signature";

  /** The header carrying the Unix-seconds send time. */
  public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

  private SlackSignature() {}

  /** A builder preset for Slack; add {@code secrets(…)}, optionally a tolerance and a clock. */
  public static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(SIGNATURE_HEADER)
        .prefix("v0=")
        .encoding(SignatureEncoding.HEX)
        .timestampHeader(TimestampFormat.UNIX_SECONDS, TIMESTAMP_HEADER)
        .signedContent("v0:{timestamp}:{body}");
  }

  /** A Slack verifier accepting any of the given signing secrets (rotation). */
  public static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }
}
