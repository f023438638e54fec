package dev.hookline.receiver.clients.arta;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.MalformedResponseException;
import dev.hookline.receiver.clients.http.ApiClientBuilder;
import dev.hookline.receiver.clients.internal.JsonApi;
import dev.hookline.receiver.clients.internal.Paging;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A client for Arta's API: every call carries {@code Authorization: ARTA_APIKey <key>}; lists are
 * lazy streams reading {@code page}/{@code page_size} pages until {@code metadata.total_count}
 * items were seen. Errors are {@link ApiException}s carrying Arta's {@code x-arta-request-id};
 * {@code 429} and {@code 503} are retried (see {@link ApiClientBuilder}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ArtaClient {

  /** Arta's API. */
  public static final URI DEFAULT_API_HOST = URI.create("https://api.arta.io");

  /** The largest page Arta serves, and the default page size. */
  public static final int MAX_PAGE_SIZE = 50;

  /** The header Arta identifies each request with. */
  public static final String REQUEST_ID_HEADER = "x-arta-request-id";

  private final JsonApi api;
  private final String apiKey;
  private final int pageSize;

  @SuppressWarnings("NullAway") // build() checked that the API key is set
  private ArtaClient(Builder builder, JsonApi api) {
    this.api = api;
    this.apiKey = builder.apiKey;
    this.pageSize = builder.pageSize;
  }

  /** Starts a builder; the API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- webhooks ----

  /** Creates a webhook ({@code POST /webhooks}). */
  public ArtaWebhook createWebhook(String name, URI url) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    String operation = "arta.webhooks.create";
    Map<String, Object> webhook = new LinkedHashMap<>();
    webhook.put("name", name);
    webhook.put("url", url.toString());
    return webhook(
        operation,
        call(operation, "POST", api.uri("/webhooks"), api.json(Map.of("webhook", webhook))));
  }

  /** Every webhook, fetched lazily page by page. */
  public Stream<ArtaWebhook> webhooks() {
    return list("arta.webhooks.list", "/webhooks", ArtaWebhook.class);
  }

  /**
   * One webhook.
   *
   * @throws ApiException with status 404 if there is no such webhook
   */
  public ArtaWebhook webhook(long id) {
    String operation = "arta.webhooks.get";
    return webhook(operation, call(operation, "GET", api.uri("/webhooks/" + id), null));
  }

  /**
   * Changes a webhook's name and/or URL ({@code PATCH /webhooks/{id}}).
   *
   * @param name the new name, or null to keep it
   * @param url the new URL, or null to keep it
   */
  public ArtaWebhook updateWebhook(long id, @Nullable String name, @Nullable URI url) {
    if (name == null && url == null) {
      throw new IllegalArgumentException("an update needs a name or a url");
    }
    Map<String, Object> webhook = new LinkedHashMap<>();
    if (name != null) {
      webhook.put("name", name);
    }
    if (url != null) {
      webhook.put("url", url.toString());
    }
    String operation = "arta.webhooks.update";
    return webhook(
        operation,
        call(operation, "PATCH", api.uri("/webhooks/" + id), api.json(Map.of("webhook", webhook))));
  }

  /** Deletes a webhook. */
  public void deleteWebhook(long id) {
    call("arta.webhooks.delete", "DELETE", api.uri("/webhooks/" + id), null);
  }

  /** Asks Arta to send a {@code ping} event to the webhook. */
  public void ping(long id) {
    call("arta.webhooks.ping", "POST", api.uri("/webhooks/" + id + "/ping"), new byte[0]);
  }

  /**
   * Replaces the webhook's {@code secret_token} and returns the new one (masked by its {@code
   * toString}).
   */
  public ArtaSecretToken resetSecretToken(long id) {
    String operation = "arta.webhooks.resetSecretToken";
    HttpResponse<byte[]> response =
        call(operation, "PATCH", api.uri("/webhooks/" + id + "/secret_token/reset"), new byte[0]);
    JsonNode node = api.readTree(operation, response);
    JsonNode token = node.path("secret_token");
    if (!token.isTextual() || token.asText().isEmpty()) {
      // No excerpt: the body may hold the token under another name.
      throw api.malformedSecret(operation, response, "no secret_token string");
    }
    return new ArtaSecretToken(token.asText());
  }

  private ArtaWebhook webhook(String operation, HttpResponse<byte[]> response) {
    JsonNode node = api.readTree(operation, response);
    JsonNode resource = node.path("webhook").isObject() ? node.path("webhook") : node;
    return api.convert(operation, response, resource, ArtaWebhook.class);
  }

  // ---- deliveries ----

  /** Every webhook delivery, fetched lazily page by page ({@code GET /webhook_deliveries}). */
  public Stream<ArtaDelivery> deliveries() {
    return list("arta.deliveries.list", "/webhook_deliveries", ArtaDelivery.class);
  }

  /**
   * One delivery with its {@code request_body}, parsed into {@link ArtaDelivery#deliveredEvent()}.
   *
   * @throws MalformedResponseException if the request body is not JSON
   * @throws ApiException with status 404 if there is no such delivery
   */
  public ArtaDelivery delivery(String id) {
    Objects.requireNonNull(id, "id");
    String operation = "arta.deliveries.get";
    HttpResponse<byte[]> response =
        call(
            operation,
            "GET",
            api.uri("/webhook_deliveries/" + URLEncoder.encode(id, StandardCharsets.UTF_8)),
            null);
    ArtaDelivery delivery = api.read(operation, response, ArtaDelivery.class);
    if (delivery.requestBody() == null) {
      return delivery;
    }
    try {
      return delivery.withEvent(api.mapper().readTree(delivery.requestBody()));
    } catch (JacksonException e) {
      throw api.malformed(
          operation, response, "request_body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  // ---- plumbing ----

  private <T> Stream<T> list(String operation, String path, Class<T> type) {
    return Paging.<Page<T>, T>items(
        operation,
        () -> this.<T>page(operation, path, 1, 0, type),
        page ->
            page.hasNext(pageSize)
                ? Optional.of(this.<T>page(operation, path, page.page() + 1, page.seen(), type))
                : Optional.empty(),
        Page::items);
  }

  private <T> Page<T> page(
      String operation, String path, int number, long seenBefore, Class<T> type) {
    HttpResponse<byte[]> response =
        call(operation, "GET", api.uri(path + "?page=" + number + "&page_size=" + pageSize), null);
    JsonNode node = api.readTree(operation, response);
    List<T> list = api.items(operation, response, node, type, "page");
    JsonNode total = node.path("metadata").path("total_count");
    return new Page<>(
        list, number, seenBefore + list.size(), total.canConvertToLong() ? total.asLong() : -1);
  }

  private HttpResponse<byte[]> call(
      String operation, String method, URI uri, byte @Nullable [] body) {
    return api.send(
        operation,
        method,
        uri,
        body,
        Map.of("Authorization", "ARTA_APIKey " + apiKey),
        List.of(apiKey));
  }

  /** The API host; never the key. */
  @Override
  public String toString() {
    return "ArtaClient[" + api.host() + "]";
  }

  /**
   * One page and where it stands: the last when it was empty, when {@code total_count} items have
   * been served, or (without a total) when it was short.
   */
  private record Page<T>(List<T> items, int page, long seen, long totalCount) {
    boolean hasNext(int pageSize) {
      if (items.isEmpty()) {
        return false;
      }
      return totalCount >= 0 ? seen < totalCount : items.size() >= pageSize;
    }
  }

  /**
   * Configures an {@link ArtaClient}; not thread-safe. The API host defaults to {@link
   * #DEFAULT_API_HOST}.
   */
  public static final class Builder extends ApiClientBuilder<Builder> {
    private @Nullable String apiKey;
    private int pageSize = MAX_PAGE_SIZE;

    private Builder() {
      super(DEFAULT_API_HOST);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The API key; required. Never logged nor put in a message. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Items per page, 1 to {@value #MAX_PAGE_SIZE}; default {@value #MAX_PAGE_SIZE}. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Validates the configuration and returns the client.
     *
     * @throws WebhookConfigurationException if the key is missing or a value is out of range
     */
    public ArtaClient build() {
      if (apiKey == null || apiKey.isEmpty()) {
        throw new WebhookConfigurationException("apiKey is required");
      }
      JsonApi api = api(DEFAULT_API_HOST.toString(), REQUEST_ID_HEADER);
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw new WebhookConfigurationException(
            "pageSize must be between 1 and " + MAX_PAGE_SIZE + ", but was " + pageSize);
      }
      return new ArtaClient(this, api);
    }
  }
}
