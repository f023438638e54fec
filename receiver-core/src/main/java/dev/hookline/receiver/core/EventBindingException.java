package dev.hookline.receiver.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event's data (or previous values) could not be bound to the requested type. Carries the type,
 * the path of the offending field and the problem, so that a receiver can answer {@code event data
 * does not bind to <Type>: <field path>: <problem>} without parsing the message.
 */
public class EventBindingException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** The path reported when the problem is the value as a whole rather than one of its fields. */
  public static final String ROOT = "(root)";

  private final Class<?> type;
  private final String path;
  private final String problem;

  /**
   * Creates an exception naming the event and the target type.
   *
   * @param type the type the value was bound to
   * @param path the offending field, dotted with indexes ({@code manager.id}, {@code items[0]}), or
   *     {@link #ROOT}
   * @param problem what is wrong there, without the value's whole content
   * @param cause Jackson's exception, or null
   */
  public EventBindingException(
      String message, Class<?> type, String path, String problem, @Nullable Throwable cause) {
    super(message, cause);
    this.type = Objects.requireNonNull(type, "type");
    this.path = Objects.requireNonNull(path, "path");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The type the value did not bind to. */
  public Class<?> type() {
    return type;
  }

  /** The offending field's path, e.g. {@code birthDate} or {@code manager.id}, or {@link #ROOT}. */
  public String path() {
    return path;
  }

  /** What is wrong at the path. */
  public String problem() {
    return problem;
  }
}
