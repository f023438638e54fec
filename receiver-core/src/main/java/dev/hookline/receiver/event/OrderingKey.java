package dev.hookline.receiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.util.List;
import java.util.Optional;

/**
 * Names the entity an event is about, so that an asynchronous receiver's inbox hands one entity's
 * events to the workers one at a time, in the order they were accepted, while other entities'
 * events run in parallel. Each provider names its rule ({@link #NONE} unless it documents one); an
 * endpoint may set its own. The key is read from the event, whose id, source and data the signature
 * covers, never from a header or the path.
 */
@FunctionalInterface
public interface OrderingKey {

  /** No ordering: events run in any order. */
  OrderingKey NONE = event -> Optional.empty();

  /**
   * The event's entity, or empty when its order does not matter. A rule that throws fails the
   * delivery as a failed handler does, so that the sender retries it.
   */
  Optional<String> of(WebhookEvent event);

  /**
   * The event's source and the text or integer values at JSON pointers into its data, joined with
   * {@code |}: e.g. {@code dataFields("/type", "/id")} for Lucca's {@code data} resource, {@code
   * dataFields("/id")} for Stripe's {@code data.object}. Empty when a value is missing or not text
   * or an integer, or the data is not JSON.
   *
   * @throws WebhookConfigurationException if no pointer is given or one does not start with {@code
   *     /}
   */
  static OrderingKey dataFields(String... pointers) {
    List<String> checked = List.of(pointers);
    if (checked.isEmpty() || checked.stream().anyMatch(pointer -> !pointer.startsWith("/"))) {
      throw new WebhookConfigurationException(
          "an ordering key needs JSON pointers starting with '/', but was " + checked);
    }
    return event -> {
      JsonNode data = event.data(); // text or bytes: a node without fields
      StringBuilder key = new StringBuilder(event.source());
      for (String pointer : checked) {
        JsonNode value = data.at(pointer);
        if (!value.isTextual() && !value.canConvertToExactIntegral()) {
          return Optional.empty();
        }
        key.append('|').append(value.asText());
      }
      return Optional.of(key.toString());
    };
  }
}
