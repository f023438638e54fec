package dev.hookline.receiver.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.json.EventJson;
import java.util.List;
import java.util.Optional;

/**
 * Reads Slack's Events API envelope by its {@code type}:
 *
 * <ul>
 *   <li>{@code event_callback}: one event whose topic is the inner event's type as Slack names it,
 *       unprefixed ({@code event.type}, e.g. {@code app_mention}; a message's {@code subtype} stays
 *       in the data), whose id is {@code event_id} and idempotency key {@code slack|<event_id>},
 *       whose data is the {@code event} object and whose time is {@code event_time} (Unix seconds)
 *       when present. The envelope's other fields ({@code team_id}, {@code authorizations}, …) are
 *       in the raw body.
 *   <li>{@code url_verification}: a {@linkplain #handshake handshake}, answered 200 with its {@code
 *       challenge} value; like every request it must pass the signature first, so an unsigned or
 *       badly signed one is 401.
 *   <li>{@code app_rate_limited} and any other type: no event, answered 200 without running a
 *       handler, so that a notice or a type Slack adds later is neither retried nor counted as a
 *       failure against the app.
 * </ul>
 *
 * <p>Every field comes from the signed body. Slack marks its retries with {@code X-Slack-Retry-Num}
 * and {@code X-Slack-Retry-Reason}, which are not signed and not read: a retry carries the same
 * {@code event_id}, so it is a duplicate, answered 200 without running a handler again. The type,
 * {@code event.type} and {@code event_id} are required of an event callback and bounded ({@link
 * EventJson#MAX_TOPIC_LENGTH}, {@link EventJson#MAX_ID_LENGTH}); the {@code event} object is
 * required. Slash commands and interactivity payloads, which Slack sends form-encoded, are not part
 * of the Events API and are answered 415 by the receiver.
 */
final class SlackEventReader implements EventReader {

  /** The envelope type of a delivered event. */
  public static final String EVENT_CALLBACK = "event_callback";

  /** The envelope type of the handshake Slack sends when the request URL is set. */
  public static final String URL_VERIFICATION = "url_verification";

  /** The source of every Slack event. */
  public static final String SOURCE = "slack";

  private static final SlackEventReader INSTANCE = new SlackEventReader();

  private SlackEventReader() {}

  /** The reader; stateless. */
  static SlackEventReader create() {
    return INSTANCE;
  }

  @Override
  public Optional<String> handshake(WebhookRequest request, ObjectMapper mapper) {
    JsonNode body = EventJson.parseObject(mapper, request.body());
    return type(body).equals(URL_VERIFICATION)
        ? Optional.of(EventJson.requiredText(body, "challenge"))
        : Optional.empty();
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    JsonNode body = EventJson.parseObject(mapper, request.body());
    if (!type(body).equals(EVENT_CALLBACK)) {
      return List.of();
    }
    String id = EventJson.requiredText(body, "event_id", EventJson.MAX_ID_LENGTH);
    JsonNode event = EventJson.requiredObject(body, "event", "event");
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(id)
            .topic(EventJson.requiredText(event, "type", "event.type", EventJson.MAX_TOPIC_LENGTH))
            .source(SOURCE)
            .occurredAt(EventJson.optionalUnixSeconds(body, "event_time").orElse(null))
            .idempotencyKey(EventJson.key(SOURCE, id))
            .data(event)
            .build());
  }

  private static String type(JsonNode body) {
    return EventJson.requiredText(body, "type", EventJson.MAX_TOPIC_LENGTH);
  }
}
