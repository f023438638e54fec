package dev.hookline.receiver.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.json.EventJson;
import java.util.List;
import java.util.Set;

/**
 * Reads a GitHub delivery: the topic is {@code X-GitHub-Event}, followed by {@code .action} when
 * the body has an action ({@code pull_request.opened}); the id is {@code X-GitHub-Delivery}; the
 * data is the whole body. The delivery id and the topic are bounded ({@link
 * EventJson#MAX_ID_LENGTH}, {@link EventJson#MAX_TOPIC_LENGTH}).
 *
 * <p>GitHub signs only the body, with no timestamp: {@code X-GitHub-Delivery} and {@code
 * X-GitHub-Event} are not signed, so anyone holding one captured delivery can re-send its body at
 * any time under new headers. The idempotency key is therefore {@code github|} + the SHA-256 of the
 * body (hex), so a re-sent body is a duplicate whatever its headers say; and the event name, the
 * topic's first part, is only as trustworthy as the network path it came over.
 */
final class GitHubEventReader implements EventReader {

  /** The header naming the event. */
  public static final String EVENT_HEADER = "X-GitHub-Event";

  /** The header carrying the delivery id. */
  public static final String DELIVERY_HEADER = "X-GitHub-Delivery";

  /** The source of every GitHub event. */
  public static final String SOURCE = "github";

  private static final GitHubEventReader INSTANCE = new GitHubEventReader();

  private GitHubEventReader() {}

  /** The reader; stateless. */
  static GitHubEventReader create() {
    return INSTANCE;
  }

  /** The unsigned header the topic comes from. */
  @Override
  public Set<String> topicHeaders() {
    return Set.of(EVENT_HEADER);
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    Headers headers = request.headers();
    String delivery =
        EventJson.requiredUnsignedHeader(headers, EventJson.MAX_ID_LENGTH, DELIVERY_HEADER);
    String name =
        EventJson.requiredUnsignedHeader(headers, EventJson.MAX_TOPIC_LENGTH, EVENT_HEADER);
    JsonNode body = EventJson.parseObject(mapper, request.body());
    String topic =
        EventJson.optionalText(body, "action", EventJson.MAX_TOPIC_LENGTH)
            .map(action -> name + "." + action)
            .orElse(name);
    if (topic.length() > EventJson.MAX_TOPIC_LENGTH) {
      throw new MalformedEventException(
          "topic "
              + EVENT_HEADER
              + ".action must be at most "
              + EventJson.MAX_TOPIC_LENGTH
              + " characters, but had "
              + topic.length());
    }
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(delivery)
            .topic(topic)
            .source(SOURCE)
            .idempotencyKey(EventJson.bodyKey(SOURCE, request.body()))
            .data(body)
            .build());
  }
}
