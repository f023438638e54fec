package dev.hookline.receiver.inbox;

import static dev.hookline.receiver.TestRequests.employeeUpdated;
import static dev.hookline.receiver.TestRequests.lucca;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.InboxWorker;
import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AsyncReceiverTest {

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 20 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Counts a run of the event's handlers. */
  private void count(WebhookEvent event) {
    runs.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
  }

  /** A worker retrying after 1 to 2 ms. */
  private static InboxWorker.Builder fastRetries(WebhookReceiver receiver) {
    return InboxWorker.builder(receiver).backoff(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  private int runsOf(String id) {
    AtomicInteger count = runs.get(id);
    return count == null ? 0 : count.get();
  }

  @Test
  void acceptedEventIsAnswered202ThenHandledOnceByTheWorker() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on("employee.updated", Employee.class, (employee, event) -> count(event))
            .build();

    WebhookResponse accepted = receiver.receive(lucca(employeeUpdated()).build());
    WebhookResponse duplicate = receiver.receive(lucca(employeeUpdated()).build());
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(duplicate.status()).isEqualTo(200);
    assertThat(inbox.backlog()).isEqualTo(1);
    assertThat(runsOf("123")).isZero();

    InboxWorker worker =
        InboxWorker.builder(receiver).pollInterval(Duration.ofMillis(10)).build().start();
    try {
      await(() -> inbox.backlog() == 0);
    } finally {
      worker.close();
    }

    assertThat(runsOf("123")).isEqualTo(1);
    assertThat(receiver.receive(lucca(employeeUpdated()).build()).status()).isEqualTo(200);
  }

  @Test
  void twoHundredDistinctEventsAreEachHandledOnce() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on("employee.*", this::count)
            .build();
    for (int i = 0; i < 200; i++) {
      assertThat(receiver.receive(lucca(employeeUpdated("e" + i)).build()).status()).isEqualTo(202);
    }

    InboxWorker worker =
        InboxWorker.builder(receiver).threads(4).pollInterval(Duration.ofMillis(5)).build().start();
    try {
      await(() -> inbox.backlog() == 0);
    } finally {
      worker.close();
    }

    assertThat(runs).hasSize(200);
    assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
  }

  @Test
  void failingHandlerIsRetriedWithBackoffUntilItSucceeds() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    AtomicInteger attempts = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on(
                "employee.updated",
                event -> {
                  if (attempts.incrementAndGet() <= 2) {
                    throw new IllegalStateException("downstream unavailable");
                  }
                })
            .build();
    receiver.receive(lucca(employeeUpdated()).build());

    long started = System.nanoTime();
    InboxWorker worker =
        InboxWorker.builder(receiver)
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(5))
            .build()
            .start();
    try {
      await(() -> inbox.backlog() == 0);
    } finally {
      worker.close();
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(attempts).hasValue(3);
    // Backoff waits at least half of 100 ms, then half of 200 ms, before the retries.
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(150);
    assertThat(inbox.deadCount()).isZero();
  }

  @Test
  void alwaysFailingHandlerEndsDeadAndCanBeRequeued() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch fixed = new CountDownLatch(1);
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on(
                "employee.updated",
                event -> {
                  attempts.incrementAndGet();
                  if (fixed.getCount() > 0) {
                    throw new IllegalStateException("bug in handler");
                  }
                })
            .build();
    receiver.receive(lucca(employeeUpdated()).build());

    InboxWorker worker =
        InboxWorker.builder(receiver)
            .maxAttempts(3)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
            .pollInterval(Duration.ofMillis(5))
            .build()
            .start();
    try {
      await(() -> inbox.deadCount() == 1);
      List<InboxMessage> dead = inbox.deadMessages(10);
      assertThat(dead)
          .singleElement()
          .satisfies(
              message -> {
                assertThat(message.key()).isEqualTo("lucca|https://example.ilucca.net|123");
                assertThat(message.attempts()).isEqualTo(3);
                assertThat(message.lastError().orElseThrow())
                    .contains("IllegalStateException: bug in handler");
              });

      fixed.countDown();
      assertThat(inbox.requeue("lucca|https://example.ilucca.net|123")).isTrue();
      await(() -> inbox.backlog() == 0 && inbox.deadCount() == 0);
    } finally {
      worker.close();
    }

    assertThat(attempts).hasValue(4);
    assertThat(inbox.requeue("unknown")).isFalse();
  }

  @Test
  void unavailableInboxAnswers503() {
    Inbox down = new UnavailableInbox();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(down)
            .on("*", event -> runs.put("x", new AtomicInteger()))
            .build();

    WebhookResponse response = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(runs).isEmpty();
  }

  @Test
  void shutdownHandsBackTheMessageInProgressSoAnotherWorkerTakesIt() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    CountDownLatch entered = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on(
                "employee.updated",
                event -> {
                  if (calls.incrementAndGet() == 1) {
                    entered.countDown();
                    Thread.sleep(60_000); // interrupted at shutdown
                  }
                })
            .build();
    receiver.receive(lucca(employeeUpdated()).build());

    InboxWorker first =
        InboxWorker.builder(receiver)
            .drainTimeout(Duration.ofMillis(100))
            .pollInterval(Duration.ofMillis(5))
            .build()
            .start();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    first.close();
    assertThat(inbox.backlog()).isEqualTo(1);

    InboxWorker second =
        InboxWorker.builder(receiver).pollInterval(Duration.ofMillis(5)).build().start();
    try {
      await(() -> inbox.backlog() == 0);
    } finally {
      second.close();
    }
    assertThat(calls).hasValue(2);
    assertThat(inbox.deadCount()).isZero();
  }

  @Test
  void workerNeedsAnAsynchronousReceiver() {
    WebhookReceiver sync = Lucca.receiver(TestRequests.LUCCA_SECRET).build();

    assertThatThrownBy(() -> InboxWorker.builder(sync).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("the receiver has no inbox; build it with async(inbox)");
  }

  @Test
  void workerSurvivesAnInboxThatFailsToRecordAnOutcome() throws Exception {
    InMemoryInbox memory = InMemoryInbox.create();
    FaultyInbox flaky =
        new FaultyInbox(memory, (outcome, call) -> outcome.equals("retry") && call == 1);
    AtomicInteger attempts = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(flaky)
            .on(
                "employee.*",
                event -> {
                  if (event.id().equals("bad") && attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("first attempt fails");
                  }
                  count(event);
                })
            .build();
    receiver.receive(lucca(employeeUpdated("bad")).build());
    receiver.receive(lucca(employeeUpdated("good")).build());

    runUntil(
        InboxWorker.builder(receiver).threads(1).lease(Duration.ofMillis(300)),
        () -> memory.backlog() == 0);

    // The failed recording is made again at once, not left to the lease.
    assertThat(flaky.calls("retry")).isEqualTo(2);
    assertThat(attempts).hasValue(2);
    assertThat(runsOf("good")).isEqualTo(1);
    assertThat(runsOf("bad")).isEqualTo(1);
  }

  @Test
  void successTheInboxFailsToRecordOnceIsRecordedAgainWithoutRunningTheHandlerAgain()
      throws Exception {
    InMemoryInbox memory = InMemoryInbox.create();
    FaultyInbox flaky = new FaultyInbox(memory, (outcome, call) -> call == 1);
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(flaky)
            .on("employee.updated", this::count)
            .build();
    receiver.receive(lucca(employeeUpdated()).build());

    runUntil(InboxWorker.builder(receiver).threads(1), () -> memory.backlog() == 0);

    assertThat(runsOf("123")).isEqualTo(1);
    assertThat(flaky.calls("succeeded")).isEqualTo(2);
    assertThat(flaky.calls("retry") + flaky.calls("dead")).isZero();
    assertThat(memory.deadCount()).isZero();
  }

  @Test
  void successNotRecordedWithinTheLeaseIsLeftToTheLeaseAndNeverRetriedNorDead() throws Exception {
    Duration lease = Duration.ofMillis(400);
    InMemoryInbox memory = InMemoryInbox.create();
    AtomicBoolean databaseDown = new AtomicBoolean(true);
    FaultyInbox flaky = new FaultyInbox(memory, (outcome, call) -> databaseDown.get());
    List<Long> runTimes = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(flaky)
            .on(
                "employee.updated",
                event -> {
                  runTimes.add(System.nanoTime());
                  // The database is back by the time the message is taken again.
                  databaseDown.set(runTimes.size() < 2);
                })
            .build();
    receiver.receive(lucca(employeeUpdated()).build());

    runUntil(InboxWorker.builder(receiver).threads(1).lease(lease), () -> memory.backlog() == 0);

    // At-least-once: the second run comes only once the first take's lease has ended (the first
    // run starts a little after the take, so the gap may be a few milliseconds short of it).
    assertThat(runTimes).hasSize(2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(runTimes.get(1) - runTimes.get(0)))
        .isGreaterThanOrEqualTo(lease.toMillis() - 100);
    // Tried again within the lease (after 100 ms, 200 ms, …, as many as a loaded machine allows),
    // then recorded once more after the second run.
    assertThat(flaky.calls("succeeded")).isGreaterThanOrEqualTo(3);
    assertThat(flaky.calls("retry") + flaky.calls("dead")).isZero();
    assertThat(memory.deadCount()).isZero();
  }

  @Test
  void retryAndDeadStateTheInboxFailsToRecordOnceAreRecordedAgainAndCountedOnce() throws Exception {
    InMemoryInbox memory = InMemoryInbox.create();
    FaultyInbox flaky = new FaultyInbox(memory, (outcome, call) -> call == 1);
    AtomicInteger attempts = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(flaky)
            .on(
                "employee.updated",
                event -> {
                  attempts.incrementAndGet();
                  throw new IllegalStateException("bug in handler");
                })
            .build();
    receiver.receive(lucca(employeeUpdated()).build());

    // The default lease (5 min): the test would time out if an outcome were left to it.
    runUntil(
        InboxWorker.builder(receiver)
            .threads(1)
            .maxAttempts(2)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
        () -> memory.deadCount() == 1);

    assertThat(attempts).hasValue(2);
    assertThat(flaky.calls("retry")).isEqualTo(2);
    assertThat(flaky.calls("dead")).isEqualTo(2);
    InboxMessage dead = memory.deadMessages(1).get(0);
    assertThat(dead.attempts()).isEqualTo(2);
    assertThat(dead.lastError().orElseThrow()).contains("IllegalStateException: bug in handler");
  }

  /** A type the fixture's data does not bind to: its given name is text. */
  record NumberedName(int givenName) {}

  @Test
  void unbindableDataIsDeadAfterOneAttemptWithoutRunningTheHandler() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on("employee.updated", NumberedName.class, (name, event) -> count(event))
            .build();
    receiver.receive(lucca(employeeUpdated()).build());

    runUntil(fastRetries(receiver), () -> inbox.deadCount() == 1);

    assertThat(runsOf("123")).isZero();
    assertThat(inbox.backlog()).isZero();
    InboxMessage dead = inbox.deadMessages(1).get(0);
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.lastError().orElseThrow())
        .contains("EventBindingException", NumberedName.class.getSimpleName());
  }

  @Test
  void aMessageStoredBeforeKeysWereNamespacedIsStillHandledOnce() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET).async(inbox).onAny(this::count).build();
    // As an earlier version stored it: the bare source|id key, without the endpoint's name.
    inbox.accept(
        "https://example.ilucca.net|123", "employee.updated", lucca(employeeUpdated()).build());

    runUntil(fastRetries(receiver), () -> inbox.backlog() == 0);

    assertThat(runsOf("123")).isEqualTo(1);
    assertThat(inbox.deadCount()).isZero();
  }

  @Test
  void ofABatchHoldingOneKeyUnderTwoTopicsTheWorkerRunsTheAcceptedTopicNotTheFirstEvent()
      throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    List<String> handled = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on("order.paid", event -> handled.add(event.topic() + " " + event.id()))
            .build();
    String batch =
        "[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"https://shop\","
            + "\"type\":\"other.topic\",\"data\":{}},"
            + "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"https://shop\","
            + "\"type\":\"order.paid\",\"data\":{}}]";
    // Read as a batch by its shape, whatever JSON type it is sent under.
    WebhookRequest request = lucca(batch.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();

    WebhookResponse accepted = receiver.receive(request);
    runUntil(fastRetries(receiver), () -> inbox.backlog() == 0);

    assertThat(accepted.status()).isEqualTo(202);
    assertThat(handled).containsExactly("order.paid 1");
    assertThat(inbox.deadCount()).isZero();
  }

  @Test
  void errorsThrownByAHandlerAreRetriedAttemptsAndTheWorkerThreadLivesOn() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    AtomicInteger attempts = new AtomicInteger();
    List<Error> errors = List.of(new AssertionError("invariant broken"), new OutOfMemoryError());
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .async(inbox)
            .on(
                "employee.*",
                event -> {
                  int attempt = attempts.getAndIncrement();
                  if (attempt < errors.size()) {
                    throw errors.get(attempt);
                  }
                  count(event);
                })
            .build();
    receiver.receive(lucca(employeeUpdated("first")).build());
    receiver.receive(lucca(employeeUpdated("second")).build());

    // One thread: had an Error killed it, the second event would never run.
    runUntil(fastRetries(receiver).threads(1), () -> inbox.backlog() == 0);

    assertThat(runsOf("first")).isEqualTo(1);
    assertThat(runsOf("second")).isEqualTo(1);
    assertThat(attempts).hasValue(4);
    assertThat(inbox.deadCount()).isZero();
  }

  @Test
  void aStoredRequestThatNoLongerReadsIsDeadAfterOneAttempt() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET).async(inbox).onAny(this::count).build();
    // As stored by an earlier deployment whose reader took this body; this one's does not.
    inbox.accept(
        "lucca|https://example.ilucca.net|gone",
        "employee.updated",
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .body("{\"not\":\"an event\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .build());

    runUntil(fastRetries(receiver), () -> inbox.deadCount() == 1);

    assertThat(runs).isEmpty();
    InboxMessage dead = inbox.deadMessages(1).get(0);
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.lastError().orElseThrow()).contains("MalformedEventException");
  }

  /** Starts the worker polling every 5 ms, and closes it once the condition holds. */
  private static void runUntil(InboxWorker.Builder worker, BooleanSupplier condition)
      throws InterruptedException {
    InboxWorker started = worker.pollInterval(Duration.ofMillis(5)).build().start();
    try {
      await(condition);
    } finally {
      started.close();
    }
  }

  /**
   * Counts the recordings of each outcome ({@code succeeded}, {@code retry}, {@code dead}) and
   * fails those the fault picks by outcome and call number, as a dropped connection would.
   */
  private static class FaultyInbox extends DelegatingInbox {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final BiPredicate<String, Integer> fault;

    FaultyInbox(Inbox delegate, BiPredicate<String, Integer> fault) {
      super(delegate);
      this.fault = fault;
    }

    int calls(String outcome) {
      AtomicInteger count = calls.get(outcome);
      return count == null ? 0 : count.get();
    }

    @Override
    public void succeeded(InboxMessage message) {
      recording("succeeded");
      super.succeeded(message);
    }

    @Override
    public void retry(InboxMessage message, Instant nextAttemptAt, String error) {
      recording("retry");
      super.retry(message, nextAttemptAt, error);
    }

    @Override
    public void dead(InboxMessage message, String error) {
      recording("dead");
      super.dead(message, error);
    }

    private void recording(String outcome) {
      int call = calls.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
      if (fault.test(outcome, call)) {
        throw new InboxException("connection reset", null);
      }
    }
  }

  /** Forwards every call; tests override one. */
  private static class DelegatingInbox implements Inbox {
    private final Inbox delegate;

    DelegatingInbox(Inbox delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean accept(
        String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
      return delegate.accept(key, topic, orderingKey, request);
    }

    @Override
    public List<InboxMessage> take(int max, Duration lease) {
      return delegate.take(max, lease);
    }

    @Override
    public void succeeded(InboxMessage message) {
      delegate.succeeded(message);
    }

    @Override
    public void retry(InboxMessage message, Instant nextAttemptAt, String error) {
      delegate.retry(message, nextAttemptAt, error);
    }

    @Override
    public void dead(InboxMessage message, String error) {
      delegate.dead(message, error);
    }

    @Override
    public void handBack(InboxMessage message) {
      delegate.handBack(message);
    }
  }

  /** An inbox whose database is down. */
  private static final class UnavailableInbox implements Inbox {
    private static InboxException down() {
      return new InboxException("connection refused", null);
    }

    @Override
    public boolean accept(
        String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
      throw down();
    }

    @Override
    public List<InboxMessage> take(int max, Duration lease) {
      throw down();
    }

    @Override
    public void succeeded(InboxMessage message) {
      throw down();
    }

    @Override
    public void retry(InboxMessage message, Instant nextAttemptAt, String error) {
      throw down();
    }

    @Override
    public void dead(InboxMessage message, String error) {
      throw down();
    }

    @Override
    public void handBack(InboxMessage message) {
      throw down();
    }
  }
}
