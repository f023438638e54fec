package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hookline.receiver.lucca.Employee.Reference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Lucca webhook delivery: one event sent to one endpoint, possibly over several attempts.
 *
 * @param id the delivery id
 * @param type the resource type, {@code webhook-delivery}
 * @param url the delivery's API URL
 * @param nextAttemptAt when Lucca tries again, or null
 * @param attemptsCount the attempts made so far, or null
 * @param status {@link #DELIVERED}, {@link #UNDELIVERED} or {@link #FAILED} (an open string), or
 *     null when absent
 * @param event the delivered event, or null
 * @param webhookEndpoint the target endpoint, or null
 * @param links named links such as {@code attempts} and {@code retry}; empty when absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookDelivery(
    String id,
    String type,
    String url,
    @Nullable Instant nextAttemptAt,
    @Nullable Integer attemptsCount,
    @Nullable String status,
    @Nullable Reference event,
    @Nullable Reference webhookEndpoint,
    Map<String, Link> links) {

  /** Status of a delivery the endpoint acknowledged with a 2xx. */
  public static final String DELIVERED = "delivered";

  /** Status of a delivery not acknowledged yet; Lucca retries. */
  public static final String UNDELIVERED = "undelivered";

  /** Status of a delivery Lucca gave up on. */
  public static final String FAILED = "failed";

  /** Copies the links, dropping null ones ({@code "prev": null}). */
  public WebhookDelivery {
    Map<String, Link> copy = new LinkedHashMap<>();
    if (links != null) {
      links.forEach(
          (name, link) -> {
            if (link != null && link.href() != null) {
              copy.put(name, link);
            }
          });
    }
    links = Map.copyOf(copy);
  }

  /** Whether the endpoint acknowledged the delivery. */
  public boolean delivered() {
    return DELIVERED.equals(status);
  }

  /** The retry action, when Lucca offers one for this delivery. */
  public Optional<Link> retryLink() {
    return Optional.ofNullable(links.get("retry"));
  }
}
