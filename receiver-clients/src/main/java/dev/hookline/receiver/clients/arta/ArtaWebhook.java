package dev.hookline.receiver.clients.arta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * An Arta webhook subscription.
 *
 * @param id the webhook id
 * @param name its display name, or null
 * @param url where Arta posts events
 * @param createdAt when it was created (UTC), or null
 * @param updatedAt when it last changed (UTC), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArtaWebhook(
    long id,
    String name,
    String url,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}
