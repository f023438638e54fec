package dev.hookline.receiver;

import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes an asynchronous receiver's inbox with a pool of threads: takes due messages, runs the
 * receiver's handlers, retries failures with exponential backoff and jitter, and marks a message
 * dead after the last allowed attempt. Several workers (in several instances) may share one durable
 * inbox: each message is leased to one of them at a time, and a crashed worker's messages are taken
 * again once their lease expires.
 *
 * <p><b>Data that does not bind.</b> When the event's data does not bind to a handler's declared
 * type ({@link EventBindingException}), or the stored request no longer reads as an event of this
 * deployment's reader ({@link MalformedEventException}), the message is dead at once, with the
 * error as its last error: a retry cannot change the stored request. Requeue it once a fitting
 * deployment is out.
 *
 * <p><b>Recording outcomes.</b> Handlers run once per take. If the inbox fails to record the
 * outcome (success, retry or dead), the worker records it again, never re-running a handler and
 * never turning a success into a retry or a dead message: it waits 100 ms, doubled up to 5 s
 * between tries, for as long as the message's lease lasts (measured from the take) or until {@link
 * #close()} interrupts it. If the outcome still is not recorded, the message is left to its lease:
 * once the lease expires it is taken again and its handlers run again, even though they had
 * succeeded (at-least-once), and a failed attempt is not counted.
 *
 * <p><b>Handlers longer than the lease.</b> A lease is not extended while handlers run: once it
 * expires, another thread or instance may take the message and run its handlers again, alongside
 * (at-least-once). A run that outlives its lease is logged at WARN; choose a lease longer than the
 * slowest handler (5 minutes by default).
 *
 * <p>{@link #close()} stops taking, lets messages in progress finish for the drain timeout, then
 * hands back those whose handlers still run; their handlers may therefore run again elsewhere
 * (at-least-once), which the handlers' own idempotency must tolerate.
 */
public final class InboxWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);

  /** The pause before recording an outcome again after the inbox failed to; doubled each time. */
  private static final Duration RECORD_FIRST_PAUSE = Duration.ofMillis(100);

  /** The longest pause between tries to record an outcome. */
  private static final Duration RECORD_MAX_PAUSE = Duration.ofSeconds(5);

  private final WebhookReceiver receiver;
  private final Inbox inbox;
  private final int threads;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration lease;
  private final Duration pollInterval;
  private final Duration drainTimeout;
  private final Clock clock;
  private final List<Thread> pool = new ArrayList<>();
  private final Map<Thread, InboxMessage> inProgress = new ConcurrentHashMap<>();
  private volatile boolean running;

  private InboxWorker(Builder builder) {
    this.receiver = builder.receiver;
    this.inbox =
        builder
            .receiver
            .inbox()
            .orElseThrow(
                () ->
                    new WebhookConfigurationException(
                        "the receiver has no inbox; build it with async(inbox)"));
    this.threads = builder.threads;
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.lease = builder.lease;
    this.pollInterval = builder.pollInterval;
    this.drainTimeout = builder.drainTimeout;
    this.clock = builder.clock;
  }

  /** Starts configuring a worker for an asynchronous receiver. */
  public static Builder builder(WebhookReceiver receiver) {
    return new Builder(receiver);
  }

  /** Starts the threads. */
  public synchronized InboxWorker start() {
    if (running) {
      return this;
    }
    running = true;
    for (int i = 0; i < threads; i++) {
      Thread thread = new Thread(this::run, "hookline-inbox-" + i);
      thread.setDaemon(true);
      pool.add(thread);
      thread.start();
    }
    return this;
  }

  private void run() {
    while (running) {
      List<InboxMessage> taken;
      // Before the take: the lease, as this worker sees it, ends no later than the inbox's.
      long takenAt = System.nanoTime();
      try {
        taken = inbox.take(1, lease);
      } catch (RuntimeException e) {
        log.warn("Inbox unavailable; retrying in {}", pollInterval, e);
        taken = List.of();
      }
      if (taken.isEmpty()) {
        sleep(pollInterval);
        continue;
      }
      for (InboxMessage message : taken) {
        process(message, takenAt);
      }
    }
  }

  /** Runs one message's handlers once and records the outcome. */
  private void process(InboxMessage message, long takenAt) {
    Throwable failure = null;
    inProgress.put(Thread.currentThread(), message);
    try {
      receiver.dispatchStored(message);
    } catch (RuntimeException | Error e) {
      // Even an Error the dispatcher lets through (out of memory) is this message's failure, an
      // attempt to count: the thread lives on to take the next message.
      failure = e;
    } finally {
      // The handlers are done: close() must not hand the message back to run them again.
      inProgress.remove(Thread.currentThread());
    }
    Duration ran = Duration.ofNanos(System.nanoTime() - takenAt);
    if (ran.compareTo(lease) > 0) {
      log.warn(
          "Handlers of {} ran {} ms, beyond its lease of {} ms: it may have been taken and run"
              + " again meanwhile; give the worker a longer lease",
          message,
          ran.toMillis(),
          lease.toMillis());
    }
    if (failure == null) {
      record("success", message, takenAt, () -> inbox.succeeded(message));
      return;
    }
    int attempt = message.attempts() + 1;
    String error = describe(failure);
    if (failure instanceof EventBindingException || failure instanceof MalformedEventException) {
      log.error(
          "{} cannot be read or bound by this deployment; marked dead, not retried",
          message,
          failure);
      record("dead state", message, takenAt, () -> inbox.dead(message, error));
    } else if (attempt >= maxAttempts) {
      log.error("{} failed {} times; marked dead", message, attempt, failure);
      record("dead state", message, takenAt, () -> inbox.dead(message, error));
    } else {
      Duration delay = backoff(attempt);
      Instant next = clock.instant().plus(delay);
      log.warn("{} failed (attempt {}); retrying in {}", message, attempt, delay, failure);
      record("retry", message, takenAt, () -> inbox.retry(message, next, error));
    }
  }

  /**
   * Records an outcome, trying again after an inbox failure until the lease ends or the thread is
   * interrupted (see the class documentation). Never runs a handler.
   */
  private void record(String outcome, InboxMessage message, long takenAt, Runnable recording) {
    Duration pause = RECORD_FIRST_PAUSE;
    for (int tries = 1; ; tries++) {
      try {
        recording.run();
        if (tries > 1) {
          log.info("Inbox recorded the {} of {} at try {}", outcome, message, tries);
        }
        return;
      } catch (RuntimeException e) {
        Duration leaseLeft = lease.minusNanos(System.nanoTime() - takenAt);
        if (leaseLeft.isNegative() || leaseLeft.isZero()) {
          log.warn(
              "Inbox failed to record the {} of {} ({} tries); it is taken again after its lease",
              outcome,
              message,
              tries,
              e);
          return;
        }
        Duration wait = pause.compareTo(leaseLeft) < 0 ? pause : leaseLeft;
        log.warn(
            "Inbox failed to record the {} of {}; trying again in {}", outcome, message, wait, e);
        if (!sleep(wait)) {
          log.warn(
              "Stopped recording the {} of {} at shutdown; it is taken again after its lease",
              outcome,
              message);
          return;
        }
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(RECORD_MAX_PAUSE) < 0 ? doubled : RECORD_MAX_PAUSE;
      }
    }
  }

  /** The failure and its first cause, e.g. the handler's exception inside the aggregate. */
  private static String describe(Throwable failure) {
    String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    Throwable cause = failure.getCause();
    return cause == null
        ? text
        : text
            + " (caused by "
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage()
            + ")";
  }

  /** Exponential backoff with "equal jitter": between half and all of the doubled delay. */
  Duration backoff(int attempt) {
    long base = initialBackoff.toMillis();
    long capped = Math.min(maxBackoff.toMillis(), base << Math.min(attempt - 1, 30));
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  /** Messages whose handlers are running on this worker's threads. */
  public int inProgress() {
    return inProgress.size();
  }

  /**
   * Stops taking messages, waits up to the drain timeout for those in progress, then hands back the
   * ones whose handlers still run and interrupts the threads; a thread that was still trying to
   * record an outcome stops, and leaves its message to its lease.
   */
  @Override
  public synchronized void close() {
    running = false;
    Instant deadline = clock.instant().plus(drainTimeout);
    for (Thread thread : pool) {
      long remaining = Duration.between(clock.instant(), deadline).toMillis();
      try {
        thread.join(Math.max(1, remaining));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    inProgress.forEach(
        (thread, message) -> {
          try {
            inbox.handBack(message);
            log.warn("{} handed back to the inbox at shutdown", message);
          } catch (RuntimeException e) {
            log.warn("Inbox failed to hand back {}; it is taken again after its lease", message, e);
          }
        });
    pool.forEach(Thread::interrupt);
    pool.clear();
  }

  /** Sleeps; false if interrupted, with the interrupt status kept. */
  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Configures an {@link InboxWorker}; not thread-safe. */
  public static final class Builder {
    private final WebhookReceiver receiver;
    private int threads = 2;
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(10);
    private Duration lease = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofMillis(200);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();

    private Builder(WebhookReceiver receiver) {
      this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /** Worker threads; default 2. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Attempts before a message is dead; default 8. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The first retry delay, doubled per attempt up to the maximum; default 1 s and 10 min. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = Objects.requireNonNull(initial, "initial");
      this.maxBackoff = Objects.requireNonNull(max, "max");
      return this;
    }

    /** How long a taken message is reserved for this worker; default 5 min. */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /** The pause when no message is due; default 200 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /** How long {@link #close()} waits for messages in progress; default 10 s. */
    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
      return this;
    }

    /** The clock retry times are computed with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the worker, not started.
     *
     * @throws WebhookConfigurationException if the receiver is not asynchronous or a setting is out
     *     of range
     */
    public InboxWorker build() {
      if (threads < 1 || maxAttempts < 1) {
        throw new WebhookConfigurationException(
            "threads and maxAttempts must be positive, but were "
                + threads
                + " and "
                + maxAttempts);
      }
      for (Duration duration : List.of(initialBackoff, maxBackoff, lease, pollInterval)) {
        if (duration.isNegative() || duration.isZero()) {
          throw new WebhookConfigurationException(
              "durations must be positive, but one was " + duration);
        }
      }
      return new InboxWorker(this);
    }
  }
}
