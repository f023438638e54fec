package dev.hookline.receiver.clients.replay;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay did.
 *
 * @param replayed events whose handlers ran now (or that an asynchronous receiver accepted)
 * @param alreadyHandled events the receiver had processed before, e.g. live: not handled again
 * @param ignored events no handler takes
 * @param failures events that failed (a handler threw, the store was unavailable, the event was
 *     missing or malformed, the delivery's status was unknown, or the API failed), with reasons
 * @param complete false when listing the deliveries stopped part way, e.g. at a failed page or at a
 *     next-page link to another host (see {@link ReplayFailure#LISTING}); what was listed before
 *     was replayed
 * @param deliveries the ids of the deliveries seen, by the class of the status they ended with:
 *     only the events of {@link DeliveryClass#NOT_DELIVERED} ones were replayed; every class is
 *     present, in listing order. A replay of one endpoint ({@link LuccaReplayer#forEndpoint}) lists
 *     only that endpoint's deliveries
 */
public record ReplayReport(
    int replayed,
    int alreadyHandled,
    int ignored,
    List<ReplayFailure> failures,
    boolean complete,
    Map<DeliveryClass, List<String>> deliveries) {

  /** Copies the failures and the deliveries, adding an empty list for each class missing. */
  public ReplayReport {
    failures = List.copyOf(failures);
    Map<DeliveryClass, List<String>> copy = new EnumMap<>(DeliveryClass.class);
    for (DeliveryClass deliveryClass : DeliveryClass.values()) {
      copy.put(deliveryClass, List.copyOf(deliveries.getOrDefault(deliveryClass, List.of())));
    }
    deliveries = Collections.unmodifiableMap(copy);
  }

  /** The number of failures. */
  public int failed() {
    return failures.size();
  }

  /** The number of deliveries of a class, e.g. those skipped as {@link DeliveryClass#DELIVERED}. */
  @SuppressWarnings("NullAway") // the constructor maps every class
  public int count(DeliveryClass deliveryClass) {
    return deliveries.get(deliveryClass).size();
  }
}
