package dev.hookline.receiver.inbox;

import java.util.List;

/**
 * What an operator does with an {@link Inbox}'s messages: list the dead ones, make one due again,
 * and count the backlog and the dead, as health checks, metrics and the actuator endpoint do. A
 * separate interface from {@link Inbox}, which is what the receiver and its worker need; {@link
 * InMemoryInbox} and the JDBC inbox implement both. Implementations are thread-safe.
 */
public interface InboxAdmin {

  /** Dead messages, oldest first, at most {@code limit}. */
  List<InboxMessage> deadMessages(int limit);

  /**
   * Makes a dead message due again with its attempts reset.
   *
   * @return false if no dead message has the key
   */
  boolean requeue(String key);

  /** How many messages wait or are being processed. */
  int backlog();

  /** How many messages are dead. */
  int deadCount();
}
