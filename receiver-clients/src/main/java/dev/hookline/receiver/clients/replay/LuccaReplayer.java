package dev.hookline.receiver.clients.replay;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Replays Lucca events whose delivery did not end delivered: the events {@link LuccaMissedEvents}
 * finds are each run once through {@link WebhookReceiver#replay}. The reader keys Lucca events on
 * {@code source|id}, the same key as live deliveries, so an event that did arrive live counts as
 * already handled.
 *
 * <p>Immutable; thread-safe if the receiver and client are (both are).
 */
public final class LuccaReplayer {

  private final LuccaClient client;
  private final WebhookReceiver receiver;
  private final @Nullable String tenant;
  private final @Nullable String endpointId;

  private LuccaReplayer(
      LuccaClient client,
      WebhookReceiver receiver,
      @Nullable String tenant,
      @Nullable String endpointId) {
    this.client = client;
    this.receiver = receiver;
    this.tenant = tenant;
    this.endpointId = endpointId;
  }

  /**
   * A replayer reading from the client and replaying into the receiver, which should be the Lucca
   * receiver of the endpoint (same handlers, same idempotency store).
   */
  public static LuccaReplayer of(LuccaClient client, WebhookReceiver receiver) {
    return new LuccaReplayer(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(receiver, "receiver"),
        null,
        null);
  }

  /**
   * A replayer for one tenant of an endpoint with tenants ({@link WebhookReceiver#hasTenants()}):
   * the client is the tenant's, and each replayed event is the tenant's, keyed and handled as its
   * live deliveries on the tenant's path are.
   *
   * @throws IllegalArgumentException if the receiver has no tenants, or the tenant id is not valid
   */
  public static LuccaReplayer of(LuccaClient client, WebhookReceiver receiver, String tenant) {
    return new LuccaReplayer(
        Objects.requireNonNull(client, "client"), receiver, Tally.tenantOf(receiver, tenant), null);
  }

  /**
   * This replayer, replaying only the deliveries to one endpoint of the Lucca instance: those whose
   * {@code webhookEndpoint.id} is {@code endpointId}. The deliveries to the instance's other
   * endpoints (e.g. another application's) are neither replayed nor reported; a delivery naming no
   * endpoint is reported as failed. By default a replayer takes the deliveries to every endpoint.
   */
  public LuccaReplayer forEndpoint(String endpointId) {
    return new LuccaReplayer(
        client, receiver, tenant, Objects.requireNonNull(endpointId, "endpointId"));
  }

  /**
   * Replays the events of the deliveries with an attempt made at or after {@code since} that did
   * not end delivered; the report classifies each of those deliveries ({@link
   * ReplayReport#deliveries()}). Errors of single events are reported, not thrown; an API error
   * while listing, or a next-page link to another host, stops the run after the pages already
   * fetched and is reported as a {@link ReplayFailure#LISTING} failure with {@code complete =
   * false}.
   */
  public ReplayReport replaySince(Instant since) {
    Objects.requireNonNull(since, "since");
    return Tally.run(
        receiver,
        "/replay/lucca",
        tenant,
        tally -> LuccaMissedEvents.scan(client, since, endpointId, tally));
  }

  @Override
  public String toString() {
    return "LuccaReplayer["
        + client
        + " -> "
        + receiver
        + (tenant == null ? "" : ", tenant " + tenant)
        + (endpointId == null ? "" : ", endpoint " + endpointId)
        + "]";
  }
}
