package dev.hookline.receiver.test;

import dev.hookline.receiver.fixtures.SignedRequests;
import java.util.Objects;

/**
 * Signed-request starts bound to a {@link TestClock} and to well-known test secrets; what {@link
 * HooklineExtension} injects. Configure the receiver under test with the same constants.
 */
public final class TestSigners {

  /** The Lucca secret of vector LU-1. */
  public static final String LUCCA_SECRET =
      "b3YGydKxao0CYEg4-2LM81rviT-vl2JzKyf_zlewRn0cpoHzh4mRLj5_Ty5neQta";

  /** The Standard Webhooks secret of vector SW-1. */
  public static final String STANDARD_WEBHOOKS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** The GitHub secret of vector GH-1. */
  public static final String GITHUB_SECRET = "It's a Secret to Everybody";

  /** The Stripe secret of vector ST-1. */
  public static final String STRIPE_SECRET = "whsec_test_secret";

  private final TestClock clock;

  /** Signers at the clock's instant. */
  public TestSigners(TestClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The clock requests are signed at. */
  public TestClock clock() {
    return clock;
  }

  /** Lucca requests signed with {@link #LUCCA_SECRET} at the clock's instant. */
  public SignedRequests lucca() {
    return SignedRequests.lucca(LUCCA_SECRET).clock(clock);
  }

  /** Standard Webhooks requests signed with {@link #STANDARD_WEBHOOKS_SECRET}. */
  public SignedRequests standardWebhooks() {
    return SignedRequests.standardWebhooks(STANDARD_WEBHOOKS_SECRET).clock(clock);
  }

  /** GitHub requests signed with {@link #GITHUB_SECRET}. */
  public SignedRequests gitHub() {
    return SignedRequests.gitHub(GITHUB_SECRET).clock(clock);
  }

  /** Stripe requests signed with {@link #STRIPE_SECRET}. */
  public SignedRequests stripe() {
    return SignedRequests.stripe(STRIPE_SECRET).clock(clock);
  }
}
