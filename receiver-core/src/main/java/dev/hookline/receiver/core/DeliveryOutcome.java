package dev.hookline.receiver.core;

/**
 * What became of one event of a delivery, ordered from best to worst: a request is answered for its
 * worst event (200 for the first three, 202, then the endpoint's {@link RetryStatuses} for the
 * rest: by default 503, 503, 500, 500).
 */
public enum DeliveryOutcome {
  /** Every matching handler returned normally. */
  HANDLED,
  /** No handler takes the topic; acknowledged and logged. */
  IGNORED,
  /** Processed (or accepted) before; the handlers did not run again. */
  DUPLICATE,
  /** Stored in the inbox of an asynchronous receiver for later processing. */
  ACCEPTED,
  /** Another thread or instance is processing it; the sender should retry. */
  IN_FLIGHT,
  /** The idempotency store or inbox could not be reached; nothing ran. */
  STORE_UNAVAILABLE,
  /**
   * The event's data does not bind to the type a handler declares; no handler ran and the claim was
   * released, so that a retry after a fixed deployment succeeds. An asynchronous receiver marks
   * such a message dead at once.
   */
  UNBINDABLE,
  /** A handler threw; the claim was released so that a retry runs the handlers again. */
  FAILED
}
