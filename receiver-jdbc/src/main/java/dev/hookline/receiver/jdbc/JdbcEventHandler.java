package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.event.WebhookEvent;
import java.sql.Connection;

/**
 * Handles events as they are, writing its effects through the connection of a transaction that
 * commits them together with the mark that they were applied: see {@link
 * JdbcIdempotencyStore#exactlyOnce(String, JdbcEventHandler)}.
 */
@FunctionalInterface
public interface JdbcEventHandler {

  /**
   * Handles one event; what it writes through the connection commits after it returns.
   *
   * @param event the event
   * @param connection in a transaction; do not commit, roll back or close it
   * @throws Exception to fail the delivery and roll back what it wrote
   */
  void handle(WebhookEvent event, Connection connection) throws Exception;
}
