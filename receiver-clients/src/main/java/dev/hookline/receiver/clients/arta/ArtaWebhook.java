package dev.hookline.receiver.clients.arta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
    @Nullable String name,
    String url,
    @JsonProperty("created_at") @Nullable Instant createdAt,
    @JsonProperty("updated_at") @Nullable Instant updatedAt) {}
