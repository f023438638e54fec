package dev.hookline.receiver.clients.replay;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.arta.ArtaClient;
import java.time.Instant;
import java.util.Objects;

/**
 * Replays Arta deliveries that did not succeed: the request bodies {@link ArtaMissedDeliveries}
 * finds are each run once through {@link WebhookReceiver#replay}. The Arta reader keys an event on
 * the SHA-256 of the raw body, so the body is passed exactly as Arta returned it (its UTF-8 bytes,
 * not re-serialised): an event that did arrive live counts as already handled.
 *
 * <p>Immutable; thread-safe if the receiver and client are (both are).
 */
public final class ArtaReplayer {

  private final ArtaClient client;
  private final WebhookReceiver receiver;

  private ArtaReplayer(ArtaClient client, WebhookReceiver receiver) {
    this.client = client;
    this.receiver = receiver;
  }

  /** A replayer reading from the client and replaying into the endpoint's Arta receiver. */
  public static ArtaReplayer of(ArtaClient client, WebhookReceiver receiver) {
    return new ArtaReplayer(
        Objects.requireNonNull(client, "client"), Objects.requireNonNull(receiver, "receiver"));
  }

  /**
   * Replays the failed deliveries created at or after {@code since}; the report classifies every
   * delivery created since then ({@link ReplayReport#deliveries()}). A delivery that cannot be
   * fetched, has no body or has an unknown status is reported as failed; an API error while listing
   * stops the run and is reported as a {@link ReplayFailure#LISTING} failure with {@code complete =
   * false}.
   */
  public ReplayReport replaySince(Instant since) {
    Objects.requireNonNull(since, "since");
    return Tally.run(
        receiver, "/replay/arta", tally -> ArtaMissedDeliveries.scan(client, since, tally));
  }

  @Override
  public String toString() {
    return "ArtaReplayer[" + client + " -> " + receiver + "]";
  }
}
