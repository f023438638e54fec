package dev.hookline.receiver;

import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import java.time.Duration;

/**
 * Observes a receiver, e.g. to count deliveries in metrics. Every method has an empty default.
 * Called on the request thread; an exception thrown here is logged and otherwise ignored.
 *
 * <p>On an endpoint with tenants, an event's {@link WebhookEvent#tenant()} is the tenant whose
 * secrets verified it; a request's {@link WebhookRequest#tenant()} is what its path named, verified
 * or not (a rejected request may name any tenant, so keep it out of anything whose size must stay
 * bounded, such as metric tags).
 */
public interface ReceiverListener {

  /** A request reached the receiver. */
  default void received(WebhookRequest request) {}

  /**
   * A request was refused before its events were processed.
   *
   * @param status the HTTP status answered (400, 401, 405, 413, 415; or the status of a failure to
   *     retry when a reader fails unexpectedly or a tenant's secrets cannot be looked up)
   * @param reason a short explanation, the same as the response body
   */
  default void rejected(WebhookRequest request, int status, String reason) {}

  /**
   * A delivery of an event already processed ({@code inFlight} false) or being processed by someone
   * else ({@code inFlight} true); its handlers did not run.
   */
  default void duplicate(WebhookEvent event, boolean inFlight) {}

  /** No handler takes the event's topic; it was acknowledged. */
  default void ignored(WebhookEvent event) {}

  /** Every handler of the event returned normally. */
  default void handled(WebhookEvent event, Duration duration) {}

  /**
   * The event's data does not bind to the type a handler declares; no handler ran.
   *
   * @param problem names the type, the field path and the problem
   */
  default void unbindable(WebhookEvent event, EventBindingException problem) {}

  /**
   * The event could not be processed: a handler threw, or the idempotency store failed.
   *
   * @param failure the aggregated handler failure or the store exception
   */
  default void failed(WebhookEvent event, Duration duration, Throwable failure) {}
}
