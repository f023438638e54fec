package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.clients.MalformedResponseException;
import dev.hookline.receiver.clients.internal.JsonApi;
import dev.hookline.receiver.clients.internal.Paging;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Lucca's collections, read lazily page by page: each page's {@code items}, then its {@code
 * links.next.href}, resolved against the page and followed once the page is used up. A link to
 * another host than the API host is refused when it is followed ({@link LuccaCalls}), so the items
 * of the page that carries it are still served. Thread-safe.
 */
final class LuccaPages {

  private final JsonApi api;
  private final LuccaCalls calls;

  LuccaPages(JsonApi api, LuccaCalls calls) {
    this.api = api;
    this.calls = calls;
  }

  /** The items of every page of a collection, starting at {@code first}. */
  <T> Stream<T> items(String operation, URI first, Class<T> type) {
    Set<URI> read = new HashSet<>();
    return Paging.<Page<T>, T>items(
        operation,
        () -> page(operation, visit(operation, read, first), type),
        page ->
            page.next() == null
                ? Optional.empty()
                : Optional.of(this.<T>page(operation, visit(operation, read, page.next()), type)),
        Page::items);
  }

  /** The pages of delivery attempts with what they embed, starting at {@code first}. */
  Stream<AttemptsPage> attemptsPages(String operation, URI first) {
    Set<URI> read = new HashSet<>();
    return Paging.pages(
        operation,
        () -> attemptsPage(operation, visit(operation, read, first)),
        page ->
            page.next() == null
                ? Optional.empty()
                : Optional.of(attemptsPage(operation, visit(operation, read, page.next()))));
  }

  /**
   * The page's link, once: a {@code next} link back to a page already read would page for ever.
   *
   * @throws MalformedResponseException if the listing has read the page
   */
  private static URI visit(String operation, Set<URI> read, URI page) {
    if (!read.add(page)) {
      throw new MalformedResponseException(
          operation,
          200,
          "",
          operation + ": links.next.href leads back to a page already read: " + page,
          null);
    }
    return page;
  }

  private <T> Page<T> page(String operation, URI uri, Class<T> type) {
    HttpResponse<byte[]> response = calls.send(operation, "GET", uri, null, null);
    JsonNode node = api.readTree(operation, response);
    return new Page<>(
        api.items(operation, response, node, type, "collection"),
        next(operation, response, uri, node));
  }

  private AttemptsPage attemptsPage(String operation, URI uri) {
    HttpResponse<byte[]> response = calls.send(operation, "GET", uri, null, null);
    JsonNode node = api.readTree(operation, response);
    List<WebhookDeliveryAttempt> items =
        api.items(operation, response, node, WebhookDeliveryAttempt.class, "collection");
    JsonNode embedded = node.path("embedded");
    Map<String, WebhookDelivery> deliveries = new LinkedHashMap<>();
    embedded
        .path("webhook-delivery")
        .properties()
        .forEach(
            entry ->
                deliveries.put(
                    entry.getKey(),
                    api.convert(operation, response, entry.getValue(), WebhookDelivery.class)));
    Map<String, JsonNode> events = new LinkedHashMap<>();
    embedded
        .path("event")
        .properties()
        .forEach(
            entry -> {
              if (!entry.getValue().isObject()) {
                throw api.malformed(
                    operation,
                    response,
                    "embedded event " + entry.getKey() + " is no object",
                    null);
              }
              events.put(entry.getKey(), entry.getValue());
            });
    return new AttemptsPage(
        items, totalCount(node), deliveries, events, next(operation, response, uri, node));
  }

  /**
   * The next page's link resolved against the page, not checked yet: a link to another host is
   * refused only when it is followed, so the items of the page that carries it are still served.
   *
   * @throws MalformedResponseException if the link is not a non-empty string or not a URI
   */
  private @Nullable URI next(
      String operation, HttpResponse<byte[]> response, URI current, JsonNode node) {
    JsonNode href = node.path("links").path("next").path("href");
    if (href.isMissingNode() || href.isNull()) {
      return null;
    }
    if (!href.isTextual() || href.asText().isEmpty()) {
      throw api.malformed(operation, response, "links.next.href is not a string", null);
    }
    return LuccaCalls.resolve(operation, current, href.asText());
  }

  private static @Nullable Integer totalCount(JsonNode node) {
    JsonNode total = node.path("totalCount");
    return total.canConvertToInt() ? total.asInt() : null;
  }

  /** One page of a collection. */
  private record Page<T>(List<T> items, @Nullable URI next) {}
}
