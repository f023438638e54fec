package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A page of Lucca's webhook delivery attempts as {@code GET
 * /lucca-api/webhook-delivery-attempts?include=embedded,links,totalCount} answers it, for stubbing
 * the API in replay tests. It is the published page ({@code
 * lucca/webhook-delivery-attempts.page.json}) with its items, embedded deliveries and embedded
 * events replaced by those added here, each shaped like the published one. Not thread-safe.
 *
 * <pre>{@code
 * String page = LuccaAttemptsPage.create()
 *     .attempt("a1", "d1", false, Instant.now())
 *     .delivery("d1", "failed", "e1")
 *     .event(LuccaFixtures.employeeUpdated().id("e1"))
 *     .json(wireMock.baseUrl());
 * }</pre>
 */
public final class LuccaAttemptsPage {

  private record Attempt(String id, String deliveryId, boolean successful, Instant createdAt) {}

  private record Delivery(String id, String status, String eventId) {}

  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<String, ObjectNode> events = new LinkedHashMap<>();
  private Integer totalCount;
  private String next;

  private LuccaAttemptsPage() {}

  /** A page with no attempt, delivery or event yet, and no next page. */
  public static LuccaAttemptsPage create() {
    return new LuccaAttemptsPage();
  }

  /**
   * Adds an attempt of a delivery: successful ones answered 202, failed ones 500.
   *
   * @param createdAt when Lucca made the attempt; replay looks back from now over this time
   */
  public LuccaAttemptsPage attempt(
      String id, String deliveryId, boolean successful, Instant createdAt) {
    attempts.add(
        new Attempt(
            Objects.requireNonNull(id, "id"),
            Objects.requireNonNull(deliveryId, "deliveryId"),
            successful,
            Objects.requireNonNull(createdAt, "createdAt")));
    return this;
  }

  /**
   * Adds an embedded delivery of an event.
   *
   * @param status Lucca's delivery status, e.g. {@code delivered}, {@code failed}, {@code
   *     undelivered}
   */
  public LuccaAttemptsPage delivery(String id, String status, String eventId) {
    deliveries.add(
        new Delivery(
            Objects.requireNonNull(id, "id"),
            Objects.requireNonNull(status, "status"),
            Objects.requireNonNull(eventId, "eventId")));
    return this;
  }

  /** Embeds the event under its id (a delivery whose event is not embedded is of unknown topic). */
  public LuccaAttemptsPage event(LuccaEvent event) {
    events.put(event.id(), event.json());
    return this;
  }

  /** The {@code totalCount} of the listing; by default the number of attempts on this page. */
  public LuccaAttemptsPage totalCount(int count) {
    this.totalCount = count;
    return this;
  }

  /** The next page's absolute URL; by default there is none. */
  public LuccaAttemptsPage next(String href) {
    this.next = Objects.requireNonNull(href, "href");
    return this;
  }

  /**
   * The page as JSON, its links (not the embedded events' sources) pointing at the API's base URL
   * instead of {@link LuccaFixtures#SOURCE}.
   */
  public String json(String apiBase) {
    ObjectNode page =
        Json.parse(
            Fixtures.published("lucca/webhook-delivery-attempts.page.json")
                .replace(LuccaFixtures.SOURCE, Objects.requireNonNull(apiBase, "apiBase")));
    ObjectNode itemTemplate = (ObjectNode) page.path("items").get(0);
    ObjectNode deliveryTemplate =
        (ObjectNode) page.path("embedded").path("webhook-delivery").path("87");
    ArrayNode items = page.putArray("items");
    for (Attempt attempt : attempts) {
      ObjectNode item = itemTemplate.deepCopy();
      item.put("id", attempt.id())
          .put("isSuccessful", attempt.successful())
          .put("responseStatusCode", attempt.successful() ? 202 : 500)
          .put("createdAt", attempt.createdAt().toString());
      ((ObjectNode) item.path("webhookDelivery")).put("id", attempt.deliveryId());
      items.add(item);
    }
    ObjectNode embedded = (ObjectNode) page.path("embedded");
    ObjectNode embeddedDeliveries = embedded.putObject("webhook-delivery");
    for (Delivery delivery : deliveries) {
      ObjectNode node = deliveryTemplate.deepCopy();
      node.put("id", delivery.id()).put("status", delivery.status());
      ((ObjectNode) node.path("event")).put("id", delivery.eventId());
      embeddedDeliveries.set(delivery.id(), node);
    }
    ObjectNode embeddedEvents = embedded.putObject("event");
    events.forEach((id, event) -> embeddedEvents.set(id, event.deepCopy()));
    page.put("totalCount", totalCount != null ? totalCount : attempts.size());
    ObjectNode links = (ObjectNode) page.path("links");
    if (next == null) {
      links.putNull("next");
    } else {
      links.putObject("next").put("href", next);
    }
    return new String(Json.bytes(page), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "LuccaAttemptsPage["
        + attempts.size()
        + " attempts, "
        + deliveries.size()
        + " deliveries, "
        + events.size()
        + " events]";
  }
}
