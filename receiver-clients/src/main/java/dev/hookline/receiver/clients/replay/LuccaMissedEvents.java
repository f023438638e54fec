package dev.hookline.receiver.clients.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.lucca.AttemptsPage;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.lucca.WebhookDelivery;
import dev.hookline.receiver.clients.lucca.WebhookDeliveryAttempt;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Lucca events whose delivery did not end delivered since an instant: it reads the
 * delivery attempts ({@code include=embedded,links,totalCount}, page by page), classifies once each
 * delivery with an attempt at or after the instant by the {@code status} it ended with ({@link
 * DeliveryClass}; the embedded delivery, else the delivery fetched), and hands over once each full
 * event from {@code embedded} of a delivery that is {@code undelivered} or {@code failed}. A
 * delivery whose first attempt failed and whose retry succeeded is {@code delivered}: its event is
 * not handed over. Attempts are filtered by {@code createdAt} here: the API documents no date
 * filter. Scanning for one endpoint, the deliveries of the instance's other endpoints (e.g. another
 * application's) are passed over: neither classified nor handed over. The selection {@link
 * LuccaReplayer} and the {@code hookline replay} command share.
 */
public final class LuccaMissedEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LuccaMissedEvents() {}

  /**
   * Scans the attempts made at or after {@code since}. Every page fetched is handled whole: when a
   * page's next link is refused (another host), the items of that page are handed over before the
   * exception.
   *
   * @param endpointId the endpoint whose deliveries are scanned (its {@code webhookEndpoint.id}),
   *     or null for the deliveries of every endpoint of the instance. A delivery naming no endpoint
   *     is then reported as unusable, not replayed
   * @throws ApiException if listing fails; what was found before was already handed over
   */
  public static <X extends Exception> void scan(
      LuccaClient client, Instant since, @Nullable String endpointId, MissedEventSink<X> sink)
      throws X {
    Objects.requireNonNull(since, "since");
    Set<String> deliveries = new HashSet<>();
    Set<String> events = new HashSet<>();
    try (Stream<AttemptsPage> pages = client.deliveryAttemptPages(null)) {
      Iterator<AttemptsPage> iterator = pages.iterator();
      while (iterator.hasNext()) {
        AttemptsPage page = iterator.next();
        for (WebhookDeliveryAttempt attempt : page.items()) {
          if (attempt.createdAt() != null && !attempt.createdAt().isBefore(since)) {
            select(client, page, attempt, endpointId, deliveries, events, sink);
          }
        }
      }
    }
  }

  @SuppressWarnings("NullAway") // an ApiException always has a message
  private static <X extends Exception> void select(
      LuccaClient client,
      AttemptsPage page,
      WebhookDeliveryAttempt attempt,
      @Nullable String endpointId,
      Set<String> deliveries,
      Set<String> events,
      MissedEventSink<X> sink)
      throws X {
    String deliveryId = attempt.webhookDelivery() == null ? null : attempt.webhookDelivery().id();
    if (deliveryId == null) {
      sink.unusable("attempt " + attempt.id(), null, "the attempt names no delivery");
      return;
    }
    if (!deliveries.add(deliveryId)) {
      return; // another attempt of a delivery already classified
    }
    WebhookDelivery delivery;
    try {
      delivery = page.delivery(attempt).orElseGet(() -> client.delivery(deliveryId));
    } catch (ApiException e) {
      sink.unusable("delivery " + deliveryId, null, e.getMessage());
      return;
    }
    if (endpointId != null) {
      String target = delivery.webhookEndpoint() == null ? null : delivery.webhookEndpoint().id();
      if (target == null) {
        sink.unusable(
            "delivery " + deliveryId, null, "the delivery names no endpoint: not replayed");
        return;
      }
      if (!target.equals(endpointId)) {
        return; // another endpoint's delivery, e.g. another application's
      }
    }
    DeliveryClass deliveryClass = DeliveryClass.of(delivery);
    sink.classified(deliveryId, deliveryClass);
    if (deliveryClass == DeliveryClass.UNKNOWN_STATUS) {
      sink.unusable("delivery " + deliveryId, null, DeliveryClass.unknownStatus(delivery.status()));
    }
    if (deliveryClass != DeliveryClass.NOT_DELIVERED) {
      return;
    }
    String eventId = delivery.event() == null ? null : delivery.event().id();
    if (eventId == null) {
      sink.unusable("delivery " + deliveryId, null, "the delivery names no event");
      return;
    }
    if (!events.add(eventId)) {
      return; // another delivery of an event already handed over
    }
    Optional<JsonNode> event = page.event(delivery);
    if (event.isEmpty()) {
      sink.unusable(eventId, null, "event " + eventId + " is not embedded in the attempts page");
      return;
    }
    byte[] body;
    try {
      // Any byte form will do: Lucca events are keyed on source|id, not on a hash of the body.
      body = JSON.writeValueAsBytes(event.get());
    } catch (JsonProcessingException e) {
      sink.unusable(eventId, null, "cannot serialise the event: " + e.getOriginalMessage());
      return;
    }
    sink.missed(eventId, event.get().path("topic").asText("?"), body);
  }
}
