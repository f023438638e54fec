package dev.hookline.receiver.test;

import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.dispatch.WebhookHandler;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Names handlers and records which ran, so that a test can assert "the rename handler ran and the
 * delete handler did not". Thread-safe.
 *
 * <pre>{@code
 * HandlerLog handlers = new HandlerLog();
 * Lucca.receiver(secret)
 *     .on("employee.updated", Employee.class, handlers.record("rename", (employee, event) -> ...))
 *     .on("employee.deleted", handlers.record("delete"));
 * }</pre>
 */
public final class HandlerLog {

  private final List<String> ran = new CopyOnWriteArrayList<>();

  /** An empty log. */
  public HandlerLog() {}

  /** A handler that only records its name. */
  public EventHandler record(String name) {
    Objects.requireNonNull(name, "name");
    return event -> ran.add(name);
  }

  /** Wraps an event handler: records its name, then runs it. */
  public EventHandler record(String name, EventHandler handler) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    return event -> {
      ran.add(name);
      handler.handle(event);
    };
  }

  /** Wraps a typed handler: records its name, then runs it. */
  public <T> WebhookHandler<T> record(String name, WebhookHandler<T> handler) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    return (data, event) -> {
      ran.add(name);
      handler.handle(data, event);
    };
  }

  /** The names of the handlers that ran, in order, once per run. */
  public List<String> ran() {
    return List.copyOf(ran);
  }

  /** Forgets every run. */
  public void clear() {
    ran.clear();
  }
}
