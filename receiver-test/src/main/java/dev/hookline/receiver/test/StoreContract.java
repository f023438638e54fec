package dev.hookline.receiver.test;

import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.StandardWebhooksFixtures;
import dev.hookline.receiver.fixtures.StripeFixtures;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contracts ({@link IdempotencyStoreContract}, {@link InboxContract}) share: the
 * durations the store under test is built with, and the clock it must read, which the tests move to
 * expire leases and retention. Each test starts with a new clock at {@link
 * TestClock#DEFAULT_INSTANT}.
 */
public abstract class StoreContract {

  /**
   * The lease: how long an idempotency store blocks an in-flight key, and how long the inbox tests
   * hold a taken message: 30 seconds.
   */
  public static final Duration LEASE = Duration.ofSeconds(30);

  /** How long the store under test must remember a done key: 1 hour. */
  public static final Duration RETENTION = Duration.ofHours(1);

  private TestClock clock;

  /** For the contracts. */
  StoreContract() {}

  /** The clock the store under test must read; the tests move it forward. */
  protected final TestClock clock() {
    return clock;
  }

  /**
   * A Standard Webhooks delivery whose (signed) {@code webhook-id} is the id, signed now with
   * {@link TestSigners#STANDARD_WEBHOOKS_SECRET}.
   */
  static SignedRequests standardWebhooksEvent(String id) {
    return SignedRequests.standardWebhooks(TestSigners.STANDARD_WEBHOOKS_SECRET)
        .event(StandardWebhooksFixtures.invoicePaid().id(id));
  }

  /**
   * A Stripe event with the id in its (signed) body, signed now with {@link
   * TestSigners#STRIPE_SECRET}.
   */
  static SignedRequests stripeEvent(String id) {
    return SignedRequests.stripe(TestSigners.STRIPE_SECRET)
        .event(StripeFixtures.customerCreated().id(id));
  }

  /** Sets a new clock at {@link TestClock#DEFAULT_INSTANT} before each test. */
  @BeforeEach
  protected final void startTheClock() {
    clock = TestClock.create();
  }
}
