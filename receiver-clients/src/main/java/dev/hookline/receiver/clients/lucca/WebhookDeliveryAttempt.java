package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hookline.receiver.lucca.Employee.Reference;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a Lucca webhook delivery.
 *
 * @param id the attempt id
 * @param type the resource type, {@code webhook-delivery-attempt}
 * @param url the attempt's API URL
 * @param signature the {@code Lucca-Signature} the attempt carried, or null
 * @param webhookDelivery the delivery it belongs to, or null when Lucca does not say
 * @param successful whether the endpoint answered 2xx ({@code isSuccessful})
 * @param responseStatusCode the endpoint's status, or null when it did not answer
 * @param errorResponseBody the endpoint's error body, or null
 * @param createdAt when the attempt was made, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookDeliveryAttempt(
    String id,
    String type,
    String url,
    @Nullable String signature,
    @Nullable Reference webhookDelivery,
    @JsonProperty("isSuccessful") boolean successful,
    @Nullable Integer responseStatusCode,
    @Nullable String errorResponseBody,
    @Nullable Instant createdAt) {}
