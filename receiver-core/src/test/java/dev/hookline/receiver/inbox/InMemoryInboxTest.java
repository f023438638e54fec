package dev.hookline.receiver.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.MutableClock;
import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory inbox does: its bound, and whose done and dead entries it forgets when
 * full. The contract every inbox keeps runs in the test kit ({@code InMemoryInboxContractTest}).
 */
class InMemoryInboxTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  private InMemoryInbox inbox(int maxEntries) {
    return InMemoryInbox.create(maxEntries, Duration.ofDays(1), clock);
  }

  private static boolean accept(InMemoryInbox inbox, String key) {
    WebhookRequest request =
        WebhookRequest.builder().body("{}".getBytes(StandardCharsets.UTF_8)).build();
    return inbox.accept(key, "topic", Optional.empty(), request);
  }

  /** Accepts the keys and runs each to done, in this order. */
  private void done(InMemoryInbox inbox, String... keys) {
    for (String key : keys) {
      assertThat(accept(inbox, key)).as(key).isTrue();
      List<InboxMessage> taken = inbox.take(1, Duration.ofMinutes(1));
      assertThat(taken).extracting(InboxMessage::key).containsExactly(key);
      inbox.succeeded(taken.get(0));
      clock.advance(Duration.ofMillis(1));
    }
  }

  /** Accepts the keys and runs each to dead, in this order. */
  private void dead(InMemoryInbox inbox, String... keys) {
    for (String key : keys) {
      assertThat(accept(inbox, key)).as(key).isTrue();
      List<InboxMessage> taken = inbox.take(1, Duration.ofMinutes(1));
      assertThat(taken).extracting(InboxMessage::key).containsExactly(key);
      inbox.dead(taken.get(0), "data does not bind");
      clock.advance(Duration.ofMillis(1));
    }
  }

  @Test
  void aFullInboxForgetsTheOldestDoneKeyOfTheNamespaceHoldingTheMost() {
    InMemoryInbox inbox = inbox(6);
    done(inbox, "a|0", "b|0", "b|1", "b|2", "a|1", "c|0");

    assertThat(accept(inbox, "c|1")).isTrue(); // b holds 3 done keys: b|0 goes

    assertThat(accept(inbox, "a|0")).isFalse();
    assertThat(accept(inbox, "b|1")).isFalse();
    assertThat(accept(inbox, "b|0")).isTrue(); // forgotten, so new again
  }

  @Test
  void aNamespaceFloodingAFullInboxForgetsItsOwnKeysNotThoseOfANamespaceHoldingFewer() {
    InMemoryInbox inbox = inbox(20);
    for (int i = 0; i < 5; i++) {
      done(inbox, "lucca/acme|e-" + i);
    }

    for (int i = 0; i < 200; i++) {
      done(inbox, "lucca/globex|e-" + i);
    }

    for (int i = 0; i < 5; i++) {
      assertThat(accept(inbox, "lucca/acme|e-" + i)).as("acme e-%d", i).isFalse();
    }
    for (int i = 185; i < 200; i++) {
      assertThat(accept(inbox, "lucca/globex|e-" + i)).as("globex e-%d", i).isFalse();
    }
    assertThat(accept(inbox, "lucca/globex|e-184")).isTrue();
  }

  @Test
  void aNewKeyWhoseNamespaceHoldsAsManyDoneKeysAsTheMostForgetsItsOwnOldest() {
    InMemoryInbox inbox = inbox(4);
    done(inbox, "b|0", "a|0", "b|1", "a|1");

    assertThat(accept(inbox, "a|2")).isTrue();

    assertThat(accept(inbox, "b|0")).isFalse();
    assertThat(accept(inbox, "b|1")).isFalse();
    assertThat(accept(inbox, "a|1")).isFalse();
    assertThat(accept(inbox, "a|0")).isTrue();
  }

  @Test
  void keysForgottenPastTheRetentionNoLongerCountForTheirNamespace() {
    InMemoryInbox inbox = inbox(4);
    done(inbox, "b|0", "b|1", "b|2");
    clock.advance(Duration.ofDays(2));
    done(inbox, "a|0", "a|1", "c|0", "c|1"); // b's keys are forgotten on the first accept

    assertThat(accept(inbox, "c|2")).isTrue(); // a and c hold 2 each: c's own oldest goes

    assertThat(accept(inbox, "a|0")).isFalse();
    assertThat(accept(inbox, "a|1")).isFalse();
    assertThat(accept(inbox, "c|1")).isFalse();
    assertThat(accept(inbox, "c|0")).isTrue();
  }

  @Test
  void aDoneKeyIsForgottenExactlyAtTheEndOfItsRetentionBetweenBulkPurges() {
    InMemoryInbox inbox = InMemoryInbox.create(100, Duration.ofMillis(100), clock);
    done(inbox, "a|0");
    clock.advance(Duration.ofMillis(99));
    assertThat(accept(inbox, "a|1")).isTrue(); // the bulk purge ran here; the next is 1 s later

    assertThat(accept(inbox, "a|0")).as("within its retention").isFalse();
    clock.advance(Duration.ofMillis(2));
    assertThat(accept(inbox, "a|0")).as("past its retention, before the next purge").isTrue();
    assertThat(accept(inbox, "a|0")).as("accepted again, so waiting").isFalse();
  }

  @Test
  void aNamespaceFillingAFullInboxWithDeadEntriesForgetsItsOwnNotAnothersDoneKeys() {
    InMemoryInbox inbox = inbox(20);
    for (int i = 0; i < 5; i++) {
      done(inbox, "lucca/acme|e-" + i);
    }

    for (int i = 0; i < 40; i++) {
      dead(inbox, "lucca/evil|e-" + i);
    }

    for (int i = 0; i < 5; i++) {
      assertThat(accept(inbox, "lucca/acme|e-" + i)).as("acme e-%d", i).isFalse();
    }
    // Evil's newest 15 are still listed; its oldest were forgotten, each for a new one of its own.
    assertThat(inbox.deadCount()).isEqualTo(15);
    assertThat(inbox.deadMessages(1))
        .extracting(InboxMessage::key)
        .containsExactly("lucca/evil|e-25");
  }

  @Test
  void anInboxFullOfOneNamespacesDeadEntriesStillAcceptsAnothersNewEvents() {
    InMemoryInbox inbox = inbox(4);
    dead(inbox, "lucca/evil|e-0", "lucca/evil|e-1", "lucca/evil|e-2", "lucca/evil|e-3");

    assertThat(accept(inbox, "lucca/acme|e-0")).isTrue();
    assertThat(accept(inbox, "lucca/acme|e-1")).isTrue();

    assertThat(inbox.backlog()).isEqualTo(2);
    assertThat(inbox.deadMessages(10))
        .extracting(InboxMessage::key)
        .containsExactly("lucca/evil|e-2", "lucca/evil|e-3");
  }

  @Test
  void aFullInboxForgetsTheOldestDeadEntryOfTheNamespaceBeforeItsOldestDoneKey() {
    InMemoryInbox inbox = inbox(5);
    done(inbox, "b|0");
    dead(inbox, "b|1", "b|2");
    done(inbox, "b|3", "a|0");

    assertThat(accept(inbox, "a|1")).isTrue(); // b holds 4 done or dead: its oldest dead goes

    assertThat(inbox.deadMessages(10)).extracting(InboxMessage::key).containsExactly("b|2");
    assertThat(accept(inbox, "b|0")).isFalse();
    assertThat(accept(inbox, "b|3")).isFalse();
    assertThat(accept(inbox, "b|1")).isTrue(); // forgotten, so new again
  }

  @Test
  void requeuedDeadEntriesCountAsWaitingForTheirNamespace() {
    InMemoryInbox inbox = inbox(4);
    done(inbox, "a|0");
    dead(inbox, "b|0", "b|1", "b|2");
    for (String key : List.of("b|0", "b|1", "b|2")) {
      assertThat(inbox.requeue(key)).as(key).isTrue();
    }

    // b holds the most entries, all waiting again: nothing of it to forget, and a's is not.
    assertThatThrownBy(() -> accept(inbox, "c|0"))
        .isInstanceOf(InboxException.class)
        .hasMessage(
            "in-memory inbox is full: 4 entries, and the namespace holding the most has only"
                + " events not yet processed");
    assertThat(accept(inbox, "a|0")).isFalse();
    assertThat(inbox.backlog()).isEqualTo(3);
    assertThat(inbox.deadCount()).isZero();
  }

  @Test
  void aNamespaceFloodingAFullInboxWithWaitingEventsNeverForgetsAnothersDoneKeys() {
    InMemoryInbox inbox = inbox(10);
    done(inbox, "a|0", "a|1", "a|2");
    for (int i = 0; i < 7; i++) {
      assertThat(accept(inbox, "evil|" + i)).isTrue();
    }

    assertThatThrownBy(() -> accept(inbox, "evil|7")).isInstanceOf(InboxException.class);
    assertThatThrownBy(() -> accept(inbox, "a|3")).isInstanceOf(InboxException.class);
    for (String key : List.of("a|0", "a|1", "a|2")) {
      assertThat(accept(inbox, key)).as(key).isFalse();
    }
    // Once the worker has processed one of the flood, the flood makes room for a's new event.
    List<InboxMessage> taken = inbox.take(1, Duration.ofMinutes(1));
    assertThat(taken).extracting(InboxMessage::key).containsExactly("evil|0");
    inbox.succeeded(taken.get(0));
    assertThat(accept(inbox, "a|3")).isTrue();
    // evil|0 was forgotten for it; sent again, it meets evil's own waiting flood.
    assertThatThrownBy(() -> accept(inbox, "evil|0")).isInstanceOf(InboxException.class);
    assertThat(inbox.backlog()).isEqualTo(7);
  }

  @Test
  void anInboxFullOfWaitingEventsRefusesNewOnes() {
    InMemoryInbox inbox = inbox(2);
    assertThat(accept(inbox, "a|0")).isTrue();
    assertThat(accept(inbox, "b|0")).isTrue();

    assertThatThrownBy(() -> accept(inbox, "c|0"))
        .isInstanceOf(InboxException.class)
        .hasMessage("in-memory inbox is full: 2 events not yet processed");
    assertThat(inbox.backlog()).isEqualTo(2);
  }
}
