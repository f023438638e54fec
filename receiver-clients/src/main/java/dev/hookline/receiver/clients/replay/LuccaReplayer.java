package dev.hookline.receiver.clients.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.WebhookReceiver;
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
 * Replays Lucca events whose delivery did not succeed. It reads the delivery attempts made since an
 * instant ({@code include=embedded,links,totalCount}, page by page), keeps those that failed
 * ({@code isSuccessful=false}) or whose delivery is not {@code delivered}, takes each full event
 * from {@code embedded.event} and runs it once through {@link WebhookReceiver#replay}. The reader
 * keys Lucca events on {@code source|id}, the same key as live deliveries, so an event that did
 * arrive live counts as already handled. Attempts are filtered by {@code createdAt} on the client
 * side: the API documents no date filter.
 *
 * <p>Immutable; thread-safe if the receiver and client are (both are).
 */
public final class LuccaReplayer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LuccaClient client;
  private final WebhookReceiver receiver;

  private LuccaReplayer(LuccaClient client, WebhookReceiver receiver) {
    this.client = client;
    this.receiver = receiver;
  }

  /**
   * A replayer reading from the client and replaying into the receiver, which should be the Lucca
   * receiver of the endpoint (same handlers, same idempotency store).
   */
  public static LuccaReplayer of(LuccaClient client, WebhookReceiver receiver) {
    return new LuccaReplayer(
        Objects.requireNonNull(client, "client"), Objects.requireNonNull(receiver, "receiver"));
  }

  /**
   * Replays the events of unsuccessful attempts made at or after {@code since}. Errors of single
   * events are reported, not thrown; an API error while listing stops the run and is reported as a
   * {@link ReplayFailure#LISTING} failure with {@code complete = false}.
   */
  public ReplayReport replaySince(Instant since) {
    Objects.requireNonNull(since, "since");
    Tally tally = new Tally(receiver);
    Set<String> seen = new HashSet<>();
    try (Stream<AttemptsPage> pages = client.deliveryAttemptPages(null)) {
      Iterator<AttemptsPage> iterator = pages.iterator();
      while (iterator.hasNext()) {
        AttemptsPage page = iterator.next();
        for (WebhookDeliveryAttempt attempt : page.items()) {
          replay(page, attempt, since, seen, tally);
        }
      }
    } catch (ApiException e) {
      tally.listingFailed(e);
    }
    return tally.report();
  }

  private static void replay(
      AttemptsPage page,
      WebhookDeliveryAttempt attempt,
      Instant since,
      Set<String> seen,
      Tally tally) {
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
        tally.fail(
            "attempt " + attempt.id(),
            "delivery " + deliveryId + " is not embedded in the attempts page");
      }
      return;
    }
    String eventId = delivery.get().event() == null ? null : delivery.get().event().id();
    if (eventId == null) {
      tally.fail("delivery " + delivery.get().id(), "the delivery names no event");
      return;
    }
    if (!seen.add(eventId)) {
      return; // another failed attempt of an event replayed in this run
    }
    Optional<JsonNode> event = page.event(delivery.get());
    if (event.isEmpty()) {
      tally.fail(eventId, "event " + eventId + " is not embedded in the attempts page");
      return;
    }
    byte[] body;
    try {
      // Any byte form will do: the key is source|id, not a hash of the body.
      body = JSON.writeValueAsBytes(event.get());
    } catch (JsonProcessingException e) {
      tally.fail(eventId, "cannot serialise the event: " + e.getOriginalMessage());
      return;
    }
    tally.replay(eventId, body, "/replay/lucca");
  }

  @Override
  public String toString() {
    return "LuccaReplayer[" + client + " -> " + receiver + "]";
  }
}
