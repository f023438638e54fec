package dev.hookline.receiver;

import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.HandlerFailedException;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.dispatch.TopicPattern;
import dev.hookline.receiver.dispatch.WebhookHandler;
import dev.hookline.receiver.event.WebhookEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Routes an event to every handler whose topic pattern matches: exact topics first, then prefix
 * patterns, then {@code *}, each group in registration order. All matching handlers run even when
 * one fails; the failures are aggregated. Immutable and thread-safe once built.
 */
final class Dispatcher {

  private final List<Route> routes;

  private Dispatcher(List<Route> routes) {
    this.routes = routes;
  }

  /** Starts a builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Whether any handler takes the topic. */
  boolean handles(String topic) {
    for (Route route : routes) {
      if (route.pattern().matches(topic)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The type the handlers of a topic bind its data to (typed handlers, and event handlers that
   * declare {@link EventHandler#dataType()}): lets a streaming reader bind the data while it reads
   * the body. Null when none of them binds, or they bind different types.
   */
  @Nullable Class<?> dataType(String topic) {
    Class<?> found = null;
    for (Route route : routes) {
      if (route.dataType() != null && route.pattern().matches(topic)) {
        if (found != null && found != route.dataType()) {
          return null;
        }
        found = route.dataType();
      }
    }
    return found;
  }

  /**
   * Runs every matching handler. The data, and the previous attributes, are first bound to every
   * type the matching handlers declare ({@link EventHandler#dataType()}, {@link
   * EventHandler#previousType()}), so that values which do not fit stop the event before any
   * handler runs.
   *
   * @throws EventBindingException if the data or the previous attributes do not bind to a declared
   *     type; no handler ran
   * @throws HandlerFailedException if at least one handler threw an exception or an {@link Error}
   *     (a {@link StackOverflowError} included), after all of them ran; only another {@link
   *     VirtualMachineError}, such as {@link OutOfMemoryError}, propagates as it is
   */
  void dispatch(WebhookEvent event) {
    for (Route route : routes) {
      if (route.pattern().matches(event.topic())) {
        if (route.dataType() != null) {
          event.data(route.dataType());
        }
        if (route.previousType() != null) {
          event.previous(route.previousType());
        }
      }
    }
    List<Throwable> failures = null;
    int matched = 0;
    for (Route route : routes) {
      if (!route.pattern().matches(event.topic())) {
        continue;
      }
      matched++;
      try {
        route.handler().handle(event);
      } catch (Throwable e) {
        // An Error a handler throws (an assertion, a class that fails to load, a recursion too
        // deep) fails that handler like an exception: the delivery is retried, never answered
        // with an Error thrown out of the receiver or its worker. Only a JVM out of memory or
        // broken inside is left to propagate.
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
          throw (VirtualMachineError) e;
        }
        if (failures == null) {
          failures = new ArrayList<>(1);
        }
        failures.add(e);
      }
    }
    if (failures != null) {
      throw new HandlerFailedException(
          failures.size() + " of " + matched + " handlers failed for " + event, failures);
    }
  }

  /** The patterns in the order handlers run. */
  List<TopicPattern> patterns() {
    return routes.stream().map(Route::pattern).toList();
  }

  /**
   * A handler and the types it declares it binds the data and the previous attributes to, read once
   * when it is registered.
   */
  private record Route(
      TopicPattern pattern,
      EventHandler handler,
      @Nullable Class<?> dataType,
      @Nullable Class<?> previousType) {}

  /** Collects handlers; not thread-safe. */
  static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    /** Registers a handler of the raw event for a topic pattern. */
    Builder on(String topicPattern, EventHandler handler) {
      return add(topicPattern, Objects.requireNonNull(handler, "handler"), handler.dataType());
    }

    /** Registers a handler of events whose data is bound to {@code type}. */
    <T> Builder on(String topicPattern, Class<T> type, WebhookHandler<T> handler) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(handler, "handler");
      return add(topicPattern, event -> handler.handle(event.data(type), event), type);
    }

    private Builder add(String topicPattern, EventHandler handler, @Nullable Class<?> dataType) {
      routes.add(
          new Route(TopicPattern.of(topicPattern), handler, dataType, handler.previousType()));
      return this;
    }

    /** Returns the dispatcher, its routes sorted by specificity, stable within each rank. */
    Dispatcher build() {
      List<Route> sorted = new ArrayList<>(routes);
      sorted.sort(Comparator.comparingInt(route -> route.pattern().rank()));
      return new Dispatcher(List.copyOf(sorted));
    }
  }
}
