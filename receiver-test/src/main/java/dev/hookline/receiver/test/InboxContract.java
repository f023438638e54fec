package dev.hookline.receiver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Inbox} must do, with its operator's side ({@link InboxAdmin}), as JUnit 5
 * tests: accept each key once and remember it for the retention, one entity's events one at a time
 * in acceptance order, lease taken messages (an expired lease is taken over, and the old token
 * settles nothing), succeeded, retry at a due time, dead, requeue and hand back, the backlog and
 * dead counts, exact keys, and the namespaced keys of endpoints sharing the inbox. Extend it and
 * build the inbox under test with {@link #RETENTION} and {@link #clock()}, which the tests move:
 *
 * <pre>{@code
 * class RedisInboxTest extends InboxContract<RedisInbox> {
 *   @Override
 *   protected RedisInbox createInbox() {
 *     return RedisInbox.builder(redis).retention(RETENTION).clock(clock()).build();
 *   }
 * }
 * }</pre>
 *
 * Each test starts with a new clock at {@link TestClock#DEFAULT_INSTANT} and calls {@link
 * #createInbox()} once, expecting an empty inbox. A subclass adds its own tests beside these.
 *
 * @param <I> the inbox type, both the worker's {@link Inbox} and the operator's {@link InboxAdmin}
 */
public abstract class InboxContract<I extends Inbox & InboxAdmin> extends StoreContract {

  /** For subclasses. */
  protected InboxContract() {}

  /**
   * The inbox under test, empty, reading the time from {@link #clock()}, remembering done keys for
   * {@link #RETENTION}.
   */
  protected abstract I createInbox();

  /** A request as a receiver stores it: JSON, a repeated header and the body. */
  protected static WebhookRequest request(String body) {
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("X-Trace", "a")
        .header("X-Trace", "b")
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static String text(InboxMessage message) {
    return new String(message.body(), StandardCharsets.UTF_8);
  }

  private static List<String> keys(List<InboxMessage> messages) {
    return messages.stream().map(InboxMessage::key).toList();
  }

  /**
   * One entity's events are taken one at a time in acceptance order: a later one waits while an
   * earlier one is pending, taken, or waiting for its retry; other entities' events and events
   * without an ordering key are taken meanwhile.
   */
  @Test
  public void anEntitysLaterEventWaitsUntilItsEarlierOneIsDone() {
    I inbox = createInbox();
    Optional<String> employee = Optional.of("employee|416");
    assertTrue(inbox.accept("e1", "employee.updated", employee, request("{\"n\":1}")));
    assertTrue(inbox.accept("e2", "employee.updated", employee, request("{\"n\":2}")));
    assertTrue(inbox.accept("e3", "employee.updated", employee, request("{\"n\":3}")));
    assertTrue(inbox.accept("f1", "employee.updated", Optional.of("employee|417"), request("{}")));
    assertTrue(inbox.accept("g1", "employee.updated", request("{}")));

    List<InboxMessage> first = inbox.take(10, LEASE);
    assertEquals(Set.of("e1", "f1", "g1"), Set.copyOf(keys(first)));
    assertEquals(List.of(), inbox.take(10, LEASE), "e2 waits while e1 is taken");

    InboxMessage e1 = first.stream().filter(m -> m.key().equals("e1")).findFirst().orElseThrow();
    first.stream().filter(m -> m != e1).forEach(inbox::succeeded);
    inbox.retry(e1, clock().instant().plusSeconds(30), "downstream unavailable");
    assertEquals(List.of(), inbox.take(10, LEASE), "e2 waits while e1 waits for its retry");

    clock().advance(Duration.ofSeconds(30));
    List<InboxMessage> retried = inbox.take(10, LEASE);
    assertEquals(List.of("e1"), keys(retried));
    inbox.succeeded(retried.get(0));

    List<InboxMessage> second = inbox.take(10, LEASE);
    assertEquals(List.of("e2"), keys(second));
    inbox.succeeded(second.get(0));
    assertEquals(List.of("e3"), keys(inbox.take(10, LEASE)));
  }

  /** A dead event releases its entity's line; a taken one whose lease expired still holds it. */
  @Test
  public void aDeadEventReleasesItsEntitysLineAndAnAbandonedOneKeepsIt() {
    I inbox = createInbox();
    Optional<String> employee = Optional.of("employee|416");
    assertTrue(inbox.accept("e1", "employee.updated", employee, request("{}")));
    assertTrue(inbox.accept("e2", "employee.updated", employee, request("{}")));

    assertEquals(List.of("e1"), keys(inbox.take(10, LEASE)));
    clock().advance(LEASE.plusSeconds(1));
    List<InboxMessage> abandoned = inbox.take(10, LEASE);
    assertEquals(List.of("e1"), keys(abandoned), "the dead worker's message, not e2");

    inbox.dead(abandoned.get(0), "bug in handler");
    assertEquals(List.of("e1"), keys(inbox.deadMessages(10)));
    assertEquals(List.of("e2"), keys(inbox.take(10, LEASE)));
  }

  /**
   * An accepted event is stored once with its headers and body, due at once; its key stays known
   * after it succeeded until the retention has passed.
   */
  @Test
  public void acceptedEventIsStoredOnceAndItsKeyStaysKnownUntilTheRetention() {
    I inbox = createInbox();
    Instant start = clock().instant();

    assertTrue(inbox.accept("evt_1", "employee.updated", request("{\"n\":1}")));
    assertFalse(inbox.accept("evt_1", "employee.updated", request("{\"n\":2}")));
    assertEquals(1, inbox.backlog());

    InboxMessage message = inbox.take(5, LEASE).get(0);
    assertEquals("evt_1", message.key());
    assertEquals("employee.updated", message.topic());
    assertEquals(List.of("application/json"), message.headers().get("content-type"));
    assertEquals(List.of("a", "b"), message.headers().get("x-trace"));
    assertEquals("{\"n\":1}", text(message));
    assertEquals(0, message.attempts());
    assertEquals(start, message.nextAttemptAt());
    assertEquals(Optional.empty(), message.lastError());
    assertFalse(message.token().isEmpty(), "a taken message carries a token");

    inbox.succeeded(message);
    assertEquals(0, inbox.backlog());
    assertFalse(inbox.accept("evt_1", "employee.updated", request("{\"n\":3}")));
    clock().advance(RETENTION.plusMinutes(1));
    // Older than the retention: the key is unknown again, purged or not.
    assertTrue(inbox.accept("evt_1", "employee.updated", request("{\"n\":4}")));
    InboxMessage again = inbox.take(1, LEASE).get(0);
    assertEquals("{\"n\":4}", text(again));
    assertEquals(clock().instant(), again.nextAttemptAt());
  }

  /**
   * A taken message is nobody else's until its lease expires; then it is taken over, and the old
   * token settles nothing (succeeded, retry, dead and hand back are all ignored).
   */
  @Test
  public void leaseKeepsTheMessageFromOtherTakersUntilItExpiresThenTheOldTokenCannotSettleIt() {
    I inbox = createInbox();
    inbox.accept("evt_1", "t", request("{}"));

    InboxMessage crashed = inbox.take(1, LEASE).get(0);
    assertEquals(List.of(), inbox.take(1, LEASE));
    clock().advance(LEASE.minusMillis(1));
    assertEquals(List.of(), inbox.take(1, LEASE));
    clock().advance(Duration.ofMillis(1));
    InboxMessage takenOver = inbox.take(1, LEASE).get(0);

    assertEquals("evt_1", takenOver.key());
    assertNotEquals(crashed.token(), takenOver.token());
    inbox.succeeded(crashed);
    inbox.retry(crashed, clock().instant(), "stale");
    inbox.dead(crashed, "stale");
    inbox.handBack(crashed);
    assertEquals(1, inbox.backlog());
    assertEquals(0, inbox.deadCount());
    assertEquals(List.of(), inbox.take(1, LEASE));

    inbox.succeeded(takenOver);
    assertEquals(0, inbox.backlog());
    assertFalse(inbox.accept("evt_1", "t", request("{}")));
  }

  /**
   * A retried message is due at the given time with the attempt and the error counted; one handed
   * back is due at once with its attempts unchanged.
   */
  @Test
  public void retryMakesTheMessageDueAtTheGivenTimeWithTheAttemptAndErrorCounted() {
    I inbox = createInbox();
    inbox.accept("evt_1", "t", request("{}"));
    Instant later = clock().instant().plusSeconds(10);

    inbox.retry(inbox.take(1, LEASE).get(0), later, "IllegalStateException: downstream down");

    assertEquals(List.of(), inbox.take(1, LEASE));
    assertEquals(1, inbox.backlog());
    clock().advance(Duration.ofSeconds(10));
    InboxMessage retried = inbox.take(1, LEASE).get(0);
    assertEquals(1, retried.attempts());
    assertEquals(later, retried.nextAttemptAt());
    assertEquals(Optional.of("IllegalStateException: downstream down"), retried.lastError());

    inbox.handBack(retried);
    InboxMessage handedBack = inbox.take(1, LEASE).get(0);
    assertEquals(1, handedBack.attempts());
    assertEquals(clock().instant(), handedBack.nextAttemptAt());
  }

  /**
   * Dead messages leave the backlog, are listed oldest first without a token, keep their key known,
   * and a requeued one is due again with its attempts reset and its last error kept.
   */
  @Test
  public void deadMessageIsListedOldestFirstAndCanBeRequeued() {
    I inbox = createInbox();
    inbox.accept("evt_old", "t", request("{}"));
    clock().advance(Duration.ofSeconds(1));
    inbox.accept("evt_new", "t", request("{}"));
    clock().advance(Duration.ofSeconds(1));
    for (InboxMessage message : inbox.take(2, LEASE)) {
      inbox.dead(message, message.key().equals("evt_old") ? "timeout" : "bug");
    }

    assertEquals(2, inbox.deadCount());
    assertEquals(0, inbox.backlog());
    assertEquals(List.of(), inbox.take(1, LEASE));
    List<InboxMessage> dead = inbox.deadMessages(10);
    assertEquals(List.of("evt_old", "evt_new"), keys(dead));
    assertEquals(1, dead.get(0).attempts());
    assertEquals(Optional.of("timeout"), dead.get(0).lastError());
    assertEquals("", dead.get(0).token());
    assertEquals(List.of("evt_old"), keys(inbox.deadMessages(1)));
    assertFalse(inbox.accept("evt_old", "t", request("{}")));

    assertTrue(inbox.requeue("evt_new"));
    assertFalse(inbox.requeue("evt_new"));
    assertFalse(inbox.requeue("unknown"));
    assertEquals(1, inbox.deadCount());
    InboxMessage requeued = inbox.take(1, LEASE).get(0);
    assertEquals("evt_new", requeued.key());
    assertEquals(0, requeued.attempts());
    assertEquals(Optional.of("bug"), requeued.lastError());
  }

  /** Long keys and keys differing only by a trailing space are distinct and come back as given. */
  @Test
  public void longAndNearlyEqualKeysComeBackAsGiven() {
    I inbox = createInbox();
    String longKey = LuccaFixtures.SOURCE + "|" + "k".repeat(512);
    String trailingSpace = "evt ";

    assertTrue(inbox.accept(longKey, "t", request("{}")));
    assertTrue(inbox.accept(trailingSpace, "t", request("{}")));
    assertTrue(inbox.accept("evt", "t", request("{}")));
    assertFalse(inbox.accept(longKey, "t", request("{}")));

    List<InboxMessage> taken = inbox.take(3, LEASE);
    assertEquals(Set.of(longKey, trailingSpace, "evt"), Set.copyOf(keys(taken)));
    taken.forEach(message -> inbox.dead(message, "bug"));
    assertTrue(inbox.requeue(longKey));
    assertEquals(List.of(longKey), keys(inbox.take(1, LEASE)));
  }

  /**
   * A key is whatever text the sender signed: one holding a NUL, another control character or an
   * unpaired surrogate (a JSON string may escape any of them) is stored once, comes back exactly as
   * given, and is settled and requeued by that key like any other.
   */
  @Test
  public void keysWithAnyCharacterComeBackAsGivenAndCanBeSettled() {
    I inbox = createInbox();
    List<String> odd =
        List.of(
            "evt\u0000nul",
            "\u0000",
            "evt\u0001\u001f\u007f",
            "evt\uD800",
            "\uDC00evt",
            "evt\uD83D\uDE00",
            "evt\uFFFF",
            "evt\u0000" + "k".repeat(600));

    for (String key : odd) {
      assertTrue(inbox.accept(key, "t", request("{}")), key);
      assertFalse(inbox.accept(key, "t", request("{}")), key);
    }
    assertTrue(inbox.accept("evt", "t", request("{}")));
    assertEquals(odd.size() + 1, inbox.backlog());

    List<InboxMessage> taken = inbox.take(odd.size() + 1, LEASE);
    List<String> expected = new ArrayList<>(odd);
    expected.add("evt");
    assertEquals(Set.copyOf(expected), Set.copyOf(keys(taken)));
    for (InboxMessage message : taken) {
      if (message.key().equals("evt\uD800")) {
        inbox.dead(message, "bug");
      } else {
        inbox.succeeded(message);
      }
    }
    assertEquals(0, inbox.backlog());
    assertTrue(inbox.requeue("evt\uD800"));
    assertEquals(List.of("evt\uD800"), keys(inbox.take(1, LEASE)));
    for (String key : odd) {
      assertFalse(inbox.accept(key, "t", request("{}")), key);
    }
  }

  /** Four takers polling at once take each of a hundred messages exactly once. */
  @Test
  public void fourConcurrentTakersTakeEachOfAHundredMessagesExactlyOnce() throws Exception {
    I inbox = createInbox();
    for (int i = 0; i < 100; i++) {
      inbox.accept("evt_" + i, "t", request("{}"));
    }
    Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> takers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        takers.add(
            executor.submit(
                () -> {
                  start.await();
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                  while (total.get() < 100 && System.nanoTime() < deadline) {
                    for (InboxMessage message : inbox.take(2, LEASE)) {
                      taken
                          .computeIfAbsent(message.key(), k -> new AtomicInteger())
                          .incrementAndGet();
                      total.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> taker : takers) {
        taker.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    assertEquals(100, taken.size());
    taken.forEach((key, count) -> assertEquals(1, count.get(), key));
    assertEquals(100, total.get());
    assertEquals(List.of(), inbox.take(10, LEASE));
    assertEquals(100, inbox.backlog());
  }

  /** Of sixteen concurrent copies of one delivery, exactly one is stored. */
  @Test
  public void concurrentCopiesOfOneDeliveryAreStoredOnce() throws Exception {
    I inbox = createInbox();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> accepts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        accepts.add(
            executor.submit(
                () -> {
                  start.await();
                  return inbox.accept("evt_1", "t", request("{}"));
                }));
      }
      start.countDown();
      int stored = 0;
      for (Future<Boolean> accept : accepts) {
        stored += accept.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(1, stored);
    } finally {
      executor.shutdownNow();
    }
    assertEquals(1, inbox.backlog());
  }

  /**
   * Two asynchronous endpoints sharing the inbox keep an event id they both receive apart: each
   * stores it once, under its own namespaced key.
   */
  @Test
  public void twoEndpointsSharingTheInboxKeepTheSameEventIdApart() {
    I shared = createInbox();
    WebhookReceiver standardWebhooks =
        StandardWebhooks.receiver(TestSigners.STANDARD_WEBHOOKS_SECRET)
            .async(shared)
            .onAny(event -> {})
            .build();
    WebhookReceiver stripe =
        Stripe.receiver(TestSigners.STRIPE_SECRET).async(shared).onAny(event -> {}).build();
    SignedRequests standardWebhooksX = standardWebhooksEvent("evt_X");
    SignedRequests stripeX = stripeEvent("evt_X");

    assertEquals(202, standardWebhooks.receive(standardWebhooksX.build()).status());
    assertEquals(202, stripe.receive(stripeX.build()).status());
    assertEquals(200, stripe.receive(stripeX.build()).status());
    assertEquals(200, standardWebhooks.receive(standardWebhooksX.build()).status());

    assertEquals(2, shared.backlog());
    assertEquals(
        Set.of("standard-webhooks|evt_X", "stripe|evt_X"),
        Set.copyOf(keys(shared.take(10, LEASE))));
  }
}
