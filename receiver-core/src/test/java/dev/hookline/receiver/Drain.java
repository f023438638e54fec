package dev.hookline.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.inbox.InboxAdmin;
import java.util.concurrent.TimeUnit;

/** Waits for a running worker to empty an inbox. */
public final class Drain {

  private Drain() {}

  /** Returns once the inbox has no message pending or taken; fails after 20 seconds. */
  public static void drain(InboxAdmin inbox) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (inbox.backlog() > 0) {
      assertThat(System.nanoTime()).as("drained within 20 s").isLessThan(deadline);
      Thread.sleep(2);
    }
  }
}
