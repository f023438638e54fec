package dev.hookline.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.inbox.InboxAdmin;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits for a worker to empty an inbox. */
public final class Drain {

  private Drain() {}

  /** Runs a worker of the receiver until its inbox is empty, then closes it. */
  public static void withWorker(WebhookReceiver receiver, InboxAdmin inbox)
      throws InterruptedException {
    InboxWorker worker =
        InboxWorker.builder(receiver).pollInterval(Duration.ofMillis(5)).build().start();
    try {
      drain(inbox);
    } finally {
      worker.close();
    }
  }

  /** Returns once the inbox has no message pending or taken; fails after 20 seconds. */
  public static void drain(InboxAdmin inbox) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (inbox.backlog() > 0) {
      assertThat(System.nanoTime()).as("drained within 20 s").isLessThan(deadline);
      Thread.sleep(2);
    }
  }
}
