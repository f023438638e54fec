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

/**
 * Finds the Lucca events whose delivery did not succeed since an instant: it reads the delivery
 * attempts ({@code include=embedded,links,totalCount}, page by page), keeps those that failed
 * ({@code isSuccessful=false}) or whose delivery is not {@code delivered}, and hands each full
 * event from {@code embedded} over once. Attempts are filtered by {@code createdAt} here: the API
 * documents no date filter. The selection {@link LuccaReplayer} and the {@code hookline replay}
 * command share.
 */
public final class LuccaMissedEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Receives what the scan finds.
   *
   * @param <X> what the sink may throw, e.g. {@link InterruptedException} when it posts events
   */
  public interface Sink<X extends Exception> {

    /** An event to replay: its id, its topic and its JSON as bytes. */
    void missed(String eventId, String topic, byte[] body) throws X;

    /** A failed attempt whose event cannot be replayed, and why. */
    void unusable(String subject, String reason) throws X;
  }

  private LuccaMissedEvents() {}

  /**
   * Scans the attempts made at or after {@code since}.
   *
   * @throws ApiException if listing fails; what was found before was already handed over
   */
  public static <X extends Exception> void scan(LuccaClient client, Instant since, Sink<X> sink)
      throws X {
    Objects.requireNonNull(since, "since");
    Set<String> seen = new HashSet<>();
    try (Stream<AttemptsPage> pages = client.deliveryAttemptPages(null)) {
      Iterator<AttemptsPage> iterator = pages.iterator();
      while (iterator.hasNext()) {
        AttemptsPage page = iterator.next();
        for (WebhookDeliveryAttempt attempt : page.items()) {
          select(page, attempt, since, seen, sink);
        }
      }
    }
  }

  private static <X extends Exception> void select(
      AttemptsPage page,
      WebhookDeliveryAttempt attempt,
      Instant since,
      Set<String> seen,
      Sink<X> sink)
      throws X {
    if (attempt.createdAt() == null || attempt.createdAt().isBefore(since)) {
      return;
    }
    Optional<WebhookDelivery> delivery = page.delivery(attempt);
    boolean failedDelivery = delivery.isPresent() && !delivery.get().delivered();
    if (attempt.successful() && !failedDelivery) {
      return;
    }
    if (delivery.isEmpty()) {
      String deliveryId = attempt.webhookDelivery() == null ? "?" : attempt.webhookDelivery().id();
      if (seen.add("delivery|" + deliveryId)) {
        sink.unusable(
            "attempt " + attempt.id(),
            "delivery " + deliveryId + " is not embedded in the attempts page");
      }
      return;
    }
    String eventId = delivery.get().event() == null ? null : delivery.get().event().id();
    if (eventId == null) {
      sink.unusable("delivery " + delivery.get().id(), "the delivery names no event");
      return;
    }
    if (!seen.add(eventId)) {
      return; // another failed attempt of an event already handed over
    }
    Optional<JsonNode> event = page.event(delivery.get());
    if (event.isEmpty()) {
      sink.unusable(eventId, "event " + eventId + " is not embedded in the attempts page");
      return;
    }
    byte[] body;
    try {
      // Any byte form will do: Lucca events are keyed on source|id, not on a hash of the body.
      body = JSON.writeValueAsBytes(event.get());
    } catch (JsonProcessingException e) {
      sink.unusable(eventId, "cannot serialise the event: " + e.getOriginalMessage());
      return;
    }
    sink.missed(eventId, event.get().path("topic").asText("?"), body);
  }
}
