package dev.hookline.receiver.clients.replay;

import dev.hookline.receiver.clients.arta.ArtaDelivery;
import dev.hookline.receiver.clients.lucca.WebhookDelivery;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a replay classifies a delivery by the status it ended with: only the event of a delivery that
 * did not end delivered is replayed, whatever its attempts were (a delivery whose first attempt
 * failed and whose retry succeeded is {@link #DELIVERED}).
 */
public enum DeliveryClass {

  /** Ended {@code delivered} (Lucca and Arta): not replayed. */
  DELIVERED,

  /** Ended {@code undelivered} or {@code failed} (Lucca), or {@code failed} (Arta): replayed. */
  NOT_DELIVERED,

  /**
   * Any other status, or none: not replayed, since it may have been delivered, and reported as a
   * failure naming the status so that someone decides.
   */
  UNKNOWN_STATUS;

  /** The class of a Lucca delivery. */
  static DeliveryClass of(WebhookDelivery delivery) {
    return of(
        delivery.status(),
        WebhookDelivery.DELIVERED,
        Set.of(WebhookDelivery.UNDELIVERED, WebhookDelivery.FAILED));
  }

  /** The class of an Arta delivery. */
  static DeliveryClass of(ArtaDelivery delivery) {
    return of(delivery.status(), ArtaDelivery.DELIVERED, Set.of(ArtaDelivery.FAILED));
  }

  private static DeliveryClass of(
      @Nullable String status, String delivered, Set<String> notDelivered) {
    if (delivered.equals(status)) {
      return DELIVERED;
    }
    return status != null && notDelivered.contains(status) ? NOT_DELIVERED : UNKNOWN_STATUS;
  }

  /** The failure reason of a delivery of {@link #UNKNOWN_STATUS}. */
  static String unknownStatus(@Nullable String status) {
    return status == null
        ? "the delivery has no status: not replayed"
        : "the delivery's status \"" + status + "\" is not a known one: not replayed";
  }
}
