package dev.hookline.receiver.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP status a receiver answers for each outcome the sender must retry: a handler failed
 * ({@link DeliveryOutcome#FAILED}), the data does not bind to a handler's type ({@link
 * DeliveryOutcome#UNBINDABLE}), the store is unavailable, or another copy is in flight. It is a
 * property of the provider, because providers retry different statuses: Lucca retries 503 in every
 * table it publishes but may drop a 500, so its preset answers 503 for all of them.
 *
 * <p>Immutable; a 503 or 429 answer carries {@code Retry-After}.
 */
public final class RetryStatuses {

  private static final RetryStatuses STANDARD =
      new RetryStatuses(
          Map.of(
              DeliveryOutcome.IN_FLIGHT, 503,
              DeliveryOutcome.STORE_UNAVAILABLE, 503,
              DeliveryOutcome.UNBINDABLE, 500,
              DeliveryOutcome.FAILED, 500));

  private static final RetryStatuses SERVICE_UNAVAILABLE =
      STANDARD.with(DeliveryOutcome.UNBINDABLE, 503).with(DeliveryOutcome.FAILED, 503);

  private final Map<DeliveryOutcome, Integer> statuses;

  private RetryStatuses(Map<DeliveryOutcome, Integer> statuses) {
    this.statuses = new EnumMap<>(statuses);
  }

  /**
   * 500 when a handler failed or the data does not bind, 503 when the store is unavailable or
   * another copy is in flight: for senders that retry every 5xx (Standard Webhooks, Stripe).
   */
  public static RetryStatuses standard() {
    return STANDARD;
  }

  /** 503 for every outcome to retry: for senders that retry 503 but may drop a 500 (Lucca). */
  public static RetryStatuses serviceUnavailable() {
    return SERVICE_UNAVAILABLE;
  }

  /**
   * A copy answering {@code status} for the outcome.
   *
   * @throws IllegalArgumentException if the outcome is not one to retry, or the status is not a 4xx
   *     or 5xx, or is 404 or 410 (which make some senders suspend the endpoint)
   */
  public RetryStatuses with(DeliveryOutcome outcome, int status) {
    Objects.requireNonNull(outcome, "outcome");
    if (!statuses.containsKey(outcome)) {
      throw new IllegalArgumentException(
          "outcome " + outcome + " is not retried; only " + statuses.keySet() + " are");
    }
    if (status < 400 || status > 599 || status == 404 || status == 410) {
      throw new IllegalArgumentException(
          "a status to retry must be a 4xx or 5xx other than 404 and 410, but was " + status);
    }
    Map<DeliveryOutcome, Integer> copy = new EnumMap<>(statuses);
    copy.put(outcome, status);
    return new RetryStatuses(copy);
  }

  /**
   * The status answered for an outcome to retry: {@code IN_FLIGHT}, {@code STORE_UNAVAILABLE},
   * {@code UNBINDABLE} or {@code FAILED}.
   *
   * @throws IllegalArgumentException for an outcome that is not retried
   */
  public int status(DeliveryOutcome outcome) {
    Integer status = statuses.get(outcome);
    if (status == null) {
      throw new IllegalArgumentException(outcome + " is not an outcome to retry");
    }
    return status;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RetryStatuses that && statuses.equals(that.statuses);
  }

  @Override
  public int hashCode() {
    return statuses.hashCode();
  }

  @Override
  public String toString() {
    return "RetryStatuses" + statuses;
  }
}
