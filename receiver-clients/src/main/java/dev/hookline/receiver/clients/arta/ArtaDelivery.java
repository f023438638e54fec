package dev.hookline.receiver.clients.arta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Arta webhook delivery. The list returns the summary; {@link ArtaClient#delivery(String)} adds
 * {@code request_body} (the event as sent), {@code response_body} and the parsed event.
 *
 * @param id the delivery id
 * @param createdAt when it was sent (Arta gives no zone: read as UTC), or null
 * @param nextRetry when Arta retries (UTC), or null
 * @param resourceId the id of the resource the event is about, or null
 * @param resourceType the type of that resource, e.g. {@code request}, or null
 * @param responseStatusCode the status the endpoint answered, or null
 * @param status {@link #DELIVERED} or {@link #FAILED} (an open string), or null when absent
 * @param type the event type, e.g. {@code request.created}
 * @param webhookId the webhook it was sent for, or null
 * @param webhookUrl where it was sent, or null
 * @param requestBody the JSON body sent, exactly as sent; null in list results
 * @param responseBody the endpoint's answer, or null
 * @param event {@code requestBody} parsed, or null when there is no request body
 */
@JsonIgnoreProperties(
    value = {"event"},
    ignoreUnknown = true)
public record ArtaDelivery(
    String id,
    @JsonProperty("created_at") @Nullable Instant createdAt,
    @JsonProperty("next_retry") @Nullable Instant nextRetry,
    @JsonProperty("resource_id") @Nullable String resourceId,
    @JsonProperty("resource_type") @Nullable String resourceType,
    @JsonProperty("response_status_code") @Nullable Integer responseStatusCode,
    @Nullable String status,
    String type,
    @JsonProperty("webhook_id") @Nullable Long webhookId,
    @JsonProperty("webhook_url") @Nullable String webhookUrl,
    @JsonProperty("request_body") @Nullable String requestBody,
    @JsonProperty("response_body") @Nullable String responseBody,
    @Nullable JsonNode event) {

  /** Status of a delivery the endpoint acknowledged. */
  public static final String DELIVERED = "delivered";

  /** Status of a delivery the endpoint did not acknowledge. */
  public static final String FAILED = "failed";

  /** Whether the endpoint acknowledged the delivery. */
  public boolean delivered() {
    return DELIVERED.equals(status);
  }

  /** The body sent, as UTF-8 bytes: what a receiver saw (and hashed for its idempotency key). */
  public Optional<byte[]> requestBodyBytes() {
    return Optional.ofNullable(requestBody).map(body -> body.getBytes(StandardCharsets.UTF_8));
  }

  /** The delivered event ({@code request_body} parsed), when the body is known. */
  public Optional<JsonNode> deliveredEvent() {
    return Optional.ofNullable(event);
  }

  /** This delivery with the parsed event. */
  ArtaDelivery withEvent(JsonNode event) {
    return new ArtaDelivery(
        id,
        createdAt,
        nextRetry,
        resourceId,
        resourceType,
        responseStatusCode,
        status,
        type,
        webhookId,
        webhookUrl,
        requestBody,
        responseBody,
        event);
  }

  /** The summary fields; never the bodies. */
  @Override
  public String toString() {
    return "ArtaDelivery[id="
        + id
        + ", type="
        + type
        + ", status="
        + status
        + ", createdAt="
        + createdAt
        + ", responseStatusCode="
        + responseStatusCode
        + "]";
  }
}
