package dev.hookline.receiver.slack;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/** Entry point for Slack Events API endpoints. */
public final class Slack {

  /**
   * Slack's Events API: {@code X-Slack-Signature} and the {@link SlackEventReader}, which answers
   * the {@code url_verification} handshake from the signed body. The unsigned {@code GET}
   * activation challenge stays off: Slack sends none, and its handshake must pass the signature.
   */
  public static final Provider PROVIDER =
      Provider.builder("slack")
          .scheme(SlackSignature.builder().scheme())
          .reader(SlackEventReader.create())
          .build();

  private Slack() {}

  /**
   * A receiver builder preset, endpoint name {@code slack}: {@code X-Slack-Signature} checked with
   * the given signing secrets (several during rotation) within ±5 minutes, the {@link
   * SlackEventReader}. Add handlers by event type ({@code app_mention}), then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(PROVIDER.scheme().orElseThrow().verifier(secrets));
  }

  /**
   * The same preset with a verifier built elsewhere, e.g. with a clock or tolerance of its own:
   * {@code Slack.receiver(SlackSignature.builder().secrets(s).clock(clock).build())}.
   */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
