package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code GET /lucca-api/webhook-delivery-attempts?include=embedded,links,totalCount}:
 * the attempts, and the deliveries and full events they refer to, keyed by id.
 *
 * @param items the attempts of this page
 * @param totalCount the size of the whole collection, or null when not sent
 * @param deliveries the embedded deliveries by id; empty when none were embedded
 * @param events the embedded events by id, as JSON objects exactly as delivered (treat as
 *     read-only); empty when none were embedded
 * @param next the next page's URL as given by {@code links.next.href} (resolved against this page;
 *     checked to be on the API host only when followed), or null on the last page
 */
public record AttemptsPage(
    List<WebhookDeliveryAttempt> items,
    @Nullable Integer totalCount,
    Map<String, WebhookDelivery> deliveries,
    Map<String, JsonNode> events,
    @Nullable URI next) {

  /** Copies the collections. */
  public AttemptsPage {
    items = List.copyOf(items);
    deliveries = Map.copyOf(deliveries);
    events = Map.copyOf(events);
  }

  /** The embedded delivery an attempt belongs to. */
  public Optional<WebhookDelivery> delivery(WebhookDeliveryAttempt attempt) {
    return attempt.webhookDelivery() == null || attempt.webhookDelivery().id() == null
        ? Optional.empty()
        : Optional.ofNullable(deliveries.get(attempt.webhookDelivery().id()));
  }

  /** The embedded full event of a delivery. */
  public Optional<JsonNode> event(WebhookDelivery delivery) {
    return delivery.event() == null || delivery.event().id() == null
        ? Optional.empty()
        : Optional.ofNullable(events.get(delivery.event().id()));
  }
}
