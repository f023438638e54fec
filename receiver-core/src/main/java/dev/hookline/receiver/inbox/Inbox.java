package dev.hookline.receiver.inbox;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where an asynchronous receiver stores accepted events until a worker ({@code
 * dev.hookline.receiver.InboxWorker}) processes them. Storing a message is its claim: the key is
 * unique, so a second copy of a delivery is not stored twice, and a processed key stays known for
 * the inbox's retention. Implementations are thread-safe; a durable one shared by several instances
 * (JDBC) loses nothing accepted across a crash or restart.
 *
 * <p>This is the side the receiver and the worker use; what an operator does with the stored
 * messages (list the dead ones, requeue, count) is {@link InboxAdmin}, which the inboxes of this
 * library implement too.
 */
public interface Inbox {

  /**
   * Stores the event unless its key is already known. Events with the same ordering key (one
   * entity's) are taken one at a time in the order they were accepted: see {@link #take}.
   *
   * @param orderingKey the entity the event is about, if its order matters
   * @return true if stored now, false if the key was already accepted (pending, done or dead)
   * @throws InboxException if the inbox cannot be reached; the receiver answers 503
   */
  boolean accept(String key, String topic, Optional<String> orderingKey, WebhookRequest request);

  /**
   * Stores an event without an ordering key: see {@link #accept(String, String, Optional,
   * WebhookRequest)}.
   */
  default boolean accept(String key, String topic, WebhookRequest request) {
    return accept(key, topic, Optional.empty(), request);
  }

  /**
   * Leases up to {@code max} due messages to the caller: pending ones whose next attempt has come,
   * and taken ones whose lease expired (their worker died). A message with an ordering key is not
   * due while a message with the same ordering key accepted before it is pending (due or waiting
   * for a retry) or taken; a done or dead one no longer holds the line.
   */
  List<InboxMessage> take(int max, Duration lease);

  /** The message was processed: keep its key as done. Ignored if the lease was lost. */
  void succeeded(InboxMessage message);

  /** Processing failed: count the attempt and make the message due again at the given time. */
  void retry(InboxMessage message, Instant nextAttemptAt, String error);

  /** Processing failed for the last allowed time: the message is dead until requeued. */
  void dead(InboxMessage message, String error);

  /** Gives a taken message back unprocessed (shutdown): due at once, no attempt counted. */
  void handBack(InboxMessage message);
}
