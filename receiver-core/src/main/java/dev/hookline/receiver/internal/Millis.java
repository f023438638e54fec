package dev.hookline.receiver.internal;

import java.time.Duration;

/**
 * Epoch-millisecond arithmetic for the stores, which keep times as {@code long}s: saturated instead
 * of overflowing, so that an extreme lease, retention or clock never wraps around.
 */
public final class Millis {

  private Millis() {}

  /** The duration in milliseconds, or {@link Long#MAX_VALUE} if it does not fit. */
  public static long of(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code a + b}, saturated instead of overflowing. */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow only when both have the same sign and the sum's sign differs.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
