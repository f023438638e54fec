package dev.hookline.receiver.clients.replay;

import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.arta.ArtaDelivery;
import dev.hookline.receiver.internal.json.EventJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the Arta deliveries to replay: lists the deliveries created at or after an instant,
 * classifies each by its status ({@link DeliveryClass}), and fetches each {@code failed} one for
 * its {@code request_body}, handed over once per distinct body under the delivery's id and type.
 * What to do with them is the sink's: {@link ArtaReplayer} runs them through the receiver, the
 * command line posts them.
 */
public final class ArtaMissedDeliveries {

  private ArtaMissedDeliveries() {}

  /**
   * Scans the deliveries created at or after {@code since}.
   *
   * @throws ApiException if listing fails; what was found before was already handed over
   */
  public static <X extends Exception> void scan(
      ArtaClient client, Instant since, MissedEventSink<X> sink) throws X {
    Objects.requireNonNull(since, "since");
    Set<String> seen = new HashSet<>();
    try (Stream<ArtaDelivery> deliveries = client.deliveries()) {
      Iterator<ArtaDelivery> iterator = deliveries.iterator();
      while (iterator.hasNext()) {
        ArtaDelivery summary = iterator.next();
        if (summary.createdAt() == null || summary.createdAt().isBefore(since)) {
          continue;
        }
        DeliveryClass deliveryClass = DeliveryClass.of(summary);
        sink.classified(summary.id(), deliveryClass);
        if (deliveryClass == DeliveryClass.UNKNOWN_STATUS) {
          sink.unusable(
              summary.id(), summary.type(), DeliveryClass.unknownStatus(summary.status()));
        } else if (deliveryClass == DeliveryClass.NOT_DELIVERED) {
          fetch(client, summary, seen, sink);
        }
      }
    }
  }

  @SuppressWarnings("NullAway") // an ApiException always has a message
  private static <X extends Exception> void fetch(
      ArtaClient client, ArtaDelivery summary, Set<String> seen, MissedEventSink<X> sink) throws X {
    ArtaDelivery delivery;
    try {
      delivery = client.delivery(summary.id());
    } catch (ApiException e) {
      sink.unusable(summary.id(), summary.type(), e.getMessage());
      return;
    }
    Optional<byte[]> body = delivery.requestBodyBytes();
    if (body.isEmpty()) {
      sink.unusable(summary.id(), summary.type(), "the delivery has no request_body");
    } else if (seen.add(EventJson.sha256Hex(body.get()))) {
      // Once per body: other failed deliveries of it are copies.
      sink.missed(summary.id(), summary.type(), body.get());
    }
  }
}
