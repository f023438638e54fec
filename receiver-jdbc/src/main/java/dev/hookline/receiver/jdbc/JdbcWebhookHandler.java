package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.event.WebhookEvent;
import java.sql.Connection;

/**
 * Handles events whose data is bound to {@code T}, writing its effects through the connection of a
 * transaction that commits them together with the mark that they were applied: see {@link
 * JdbcIdempotencyStore#exactlyOnce(String, JdbcWebhookHandler)}.
 *
 * @param <T> the type the event data is bound to
 */
@FunctionalInterface
public interface JdbcWebhookHandler<T> {

  /**
   * Handles one event; what it writes through the connection commits after it returns.
   *
   * @param data the event's data bound to {@code T}
   * @param event the whole event
   * @param connection in a transaction; do not commit, roll back or close it
   * @throws Exception to fail the delivery and roll back what it wrote
   */
  void handle(T data, WebhookEvent event, Connection connection) throws Exception;
}
