package dev.hookline.receiver.clients.replay;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.arta.ArtaClient;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
  private final @Nullable String tenant;

  private ArtaReplayer(ArtaClient client, WebhookReceiver receiver, @Nullable String tenant) {
    this.client = client;
    this.receiver = receiver;
    this.tenant = tenant;
  }

  /** A replayer reading from the client and replaying into the endpoint's Arta receiver. */
  public static ArtaReplayer of(ArtaClient client, WebhookReceiver receiver) {
    return new ArtaReplayer(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(receiver, "receiver"),
        null);
  }

  /**
   * A replayer for one tenant of an endpoint with tenants ({@link WebhookReceiver#hasTenants()}):
   * the client is the tenant's, and each replayed event is the tenant's, keyed and handled as its
   * live deliveries on the tenant's path are.
   *
   * @throws IllegalArgumentException if the receiver has no tenants, or the tenant id is not valid
   */
  public static ArtaReplayer of(ArtaClient client, WebhookReceiver receiver, String tenant) {
    return new ArtaReplayer(
        Objects.requireNonNull(client, "client"), receiver, Tally.tenantOf(receiver, tenant));
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
        receiver, "/replay/arta", tenant, tally -> ArtaMissedDeliveries.scan(client, since, tally));
  }

  @Override
  public String toString() {
    return "ArtaReplayer["
        + client
        + " -> "
        + receiver
        + (tenant == null ? "" : ", tenant " + tenant)
        + "]";
  }
}
