package dev.hookline.receiver.test;

import dev.hookline.receiver.fixtures.SignedRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it, in UTC. Give it to verifiers ({@code
 * Lucca.scheme().withClock(clock)}) and to {@link SignedRequests#clock(Clock)} so that timestamps
 * are deterministic. Thread-safe.
 */
public final class TestClock extends Clock {

  /** Where {@link #create()} starts: 2025-01-01T08:34:23Z, the instant of vector LU-1. */
  public static final Instant DEFAULT_INSTANT = Instant.parse("2025-01-01T08:34:23Z");

  private volatile Instant instant;

  private TestClock(Instant instant) {
    this.instant = instant;
  }

  /** A clock at {@link #DEFAULT_INSTANT}. */
  public static TestClock create() {
    return at(DEFAULT_INSTANT);
  }

  /** A clock at the instant. */
  public static TestClock at(Instant instant) {
    return new TestClock(Objects.requireNonNull(instant, "instant"));
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public TestClock advance(Duration duration) {
    instant = instant.plus(Objects.requireNonNull(duration, "duration"));
    return this;
  }

  /** Sets the clock to the instant. */
  public TestClock set(Instant newInstant) {
    instant = Objects.requireNonNull(newInstant, "instant");
    return this;
  }

  @Override
  public Instant instant() {
    return instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock; a test clock is always UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public String toString() {
    return "TestClock[" + instant + "]";
  }
}
