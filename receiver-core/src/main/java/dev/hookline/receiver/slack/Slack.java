package dev.hookline.receiver.slack;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Entry point for Slack Events API endpoints.
 *
 * <p><b>Events.</b> Reads Slack's Events API envelope by its {@code type}:
 *
 * <ul>
 *   <li>{@code event_callback}: one event whose topic is the inner event's type as Slack names it,
 *       unprefixed ({@code event.type}, e.g. {@code app_mention}; a message's {@code subtype} stays
 *       in the data), whose id is {@code event_id} and idempotency key {@code slack|<event_id>},
 *       whose data is the {@code event} object and whose time is {@code event_time} (Unix seconds)
 *       when present. The envelope's other fields ({@code team_id}, {@code authorizations}, …) are
 *       in the raw body.
 *   <li>{@code url_verification}: a {@code handshake}, answered 200 with its {@code challenge}
 *       value; like every request it must pass the signature first, so an unsigned or badly signed
 *       one is 401.
 *   <li>{@code app_rate_limited} and any other type: no event, answered 200 without running a
 *       handler, so that a notice or a type Slack adds later is neither retried nor counted as a
 *       failure against the app.
 * </ul>
 *
 * <p>Every field comes from the signed body. Slack marks its retries with {@code X-Slack-Retry-Num}
 * and {@code X-Slack-Retry-Reason}, which are not signed and not read: a retry carries the same
 * {@code event_id}, so it is a duplicate, answered 200 without running a handler again. The type,
 * {@code event.type} and {@code event_id} are required of an event callback and bounded ({@code
 * EventJson.MAX_TOPIC_LENGTH}, {@code EventJson.MAX_ID_LENGTH}); the {@code event} object is
 * required. Slash commands and interactivity payloads, which Slack sends form-encoded, are not part
 * of the Events API and are answered 415 by the receiver.
 *
 * <p><b>Signatures.</b> Slack v0: {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} over {@code v0:}
 * + {@code X-Slack-Request-Timestamp} (Unix seconds) + {@code :} + the raw body, keyed with the
 * app's signing secret as UTF-8; the timestamp within ±5 minutes of the receiver's clock.
 */
public final class Slack {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Slack-Signature";

  /** The header carrying the Unix-seconds send time. */
  public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

  /**
   * Slack's Events API: {@code X-Slack-Signature} and its reader, which answers the {@code
   * url_verification} handshake from the signed body. The unsigned {@code GET} activation challenge
   * stays off: Slack sends none, and its handshake must pass the signature.
   */
  public static final Provider PROVIDER =
      Provider.builder("slack")
          .scheme(SlackSignature.builder().scheme())
          .reader(SlackEventReader.create())
          .build();

  private Slack() {}

  /**
   * A receiver builder preset, endpoint name {@code slack}: {@code X-Slack-Signature} checked with
   * the given signing secrets (several during rotation) within ±5 minutes, its reader. Add handlers
   * by event type ({@code app_mention}), then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(scheme().verifier(secrets));
  }

  /**
   * The same preset with a verifier built elsewhere, e.g. with a clock or tolerance of its own:
   * {@code Slack.receiver(Slack.scheme().withClock(clock).verifier(s))}.
   */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }

  /**
   * The provider's signature scheme: {@code verifier(secrets…)} for a receiver, {@code
   * signer(secret)} for a sender or a test, {@code withClock} and {@code withTolerance} for another
   * clock or window.
   */
  public static SignatureScheme scheme() {
    return PROVIDER.scheme().orElseThrow();
  }
}
