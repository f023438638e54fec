package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Lucca webhook endpoint as the API returns it. It never holds the endpoint's secret: that is
 * returned once, by {@link LuccaClient#createEndpoint}, in a {@link CreatedEndpoint}.
 *
 * @param id the endpoint id
 * @param type the resource type, {@code webhook-endpoint}
 * @param url the endpoint's API URL
 * @param name the optional display name, or null
 * @param apiVersion the API version of the events' data
 * @param webhookUrl where events are posted
 * @param topics the subscribed topics; empty when absent
 * @param status {@link #ACTIVE}, {@link #SUSPENDED} or {@link #INACTIVE} (kept as an open string)
 * @param contentType {@code default} or {@code cloudEvents}
 * @param createdAt when it was created, or null
 * @param lastUpdatedAt when it last changed, or null
 * @param etag the {@code ETag} the response carried, or null; sent as {@code If-Match} by {@link
 *     LuccaClient#updateEndpoint(WebhookEndpoint, EndpointUpdate)}
 */
@JsonIgnoreProperties(
    value = {"etag", "secret"},
    ignoreUnknown = true)
public record WebhookEndpoint(
    String id,
    String type,
    String url,
    @Nullable String name,
    String apiVersion,
    String webhookUrl,
    List<String> topics,
    String status,
    String contentType,
    @Nullable Instant createdAt,
    @Nullable Instant lastUpdatedAt,
    @Nullable String etag) {

  /** Status of an endpoint events are delivered to. */
  public static final String ACTIVE = "active";

  /** Status of an endpoint paused after too many errors; its events are kept. */
  public static final String SUSPENDED = "suspended";

  /** Status of an endpoint switched off; its events are dropped. */
  public static final String INACTIVE = "inactive";

  /** Copies the topics; a missing list becomes empty. */
  public WebhookEndpoint {
    topics = topics == null ? List.of() : List.copyOf(topics);
  }

  /**
   * Whether Lucca suspended the endpoint (reactivate it with {@link EndpointUpdate#reactivate}).
   */
  public boolean suspended() {
    return SUSPENDED.equals(status);
  }

  /** The ETag, when the response carried one. */
  public Optional<String> eTag() {
    return Optional.ofNullable(etag);
  }

  /** This endpoint with the given ETag (null for none). */
  public WebhookEndpoint withEtag(@Nullable String etag) {
    return new WebhookEndpoint(
        id,
        type,
        url,
        name,
        apiVersion,
        webhookUrl,
        topics,
        status,
        contentType,
        createdAt,
        lastUpdatedAt,
        etag);
  }
}
