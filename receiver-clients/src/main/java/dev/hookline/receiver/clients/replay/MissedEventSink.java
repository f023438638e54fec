package dev.hookline.receiver.clients.replay;

import org.jspecify.annotations.Nullable;

/**
 * Receives what a scan of a provider's deliveries finds ({@link LuccaMissedEvents}, {@link
 * ArtaMissedDeliveries}): the class of each delivery, each event to replay, and what cannot be
 * replayed. What to do with them is the sink's: the replayers run the events through a receiver,
 * the command line posts them to the application.
 *
 * @param <X> what the sink may throw, e.g. {@link InterruptedException} when it posts events
 */
public interface MissedEventSink<X extends Exception> {

  /** A delivery and the class of its status; called once per delivery, before its event. */
  void classified(String deliveryId, DeliveryClass deliveryClass) throws X;

  /**
   * An event to replay; called once per event.
   *
   * @param id the event's id (Lucca) or the delivery's (Arta)
   * @param topic the event's topic, or null when the provider does not give it
   * @param body the event's JSON: Arta's exactly as Arta returned it (its events are keyed on the
   *     SHA-256 of the body), Lucca's written again from the attempts page (keyed on {@code
   *     source|id})
   */
  void missed(String id, @Nullable String topic, byte[] body) throws X;

  /**
   * A delivery or event that cannot be replayed, and why.
   *
   * @param subject what cannot be replayed: a delivery's id (Arta); {@code "attempt …"}, {@code
   *     "delivery …"} or an event's id (Lucca)
   * @param topic its topic when known, else null
   */
  void unusable(String subject, @Nullable String topic, String reason) throws X;
}
