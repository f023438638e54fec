package dev.hookline.receiver.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.WebhookRequest;
import java.util.List;

/**
 * Turns a verified request into one or more events (a CloudEvents batch carries several). One
 * reader per provider's envelope; implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface EventReader {

  /**
   * Reads the events of a request.
   *
   * @param request the verified request
   * @param mapper the receiver's mapper, already limited by its JSON constraints; pass it on to
   *     {@link WebhookEvent#builder} so that events bind with it
   * @return at least one event
   * @throws MalformedEventException if the body is not a complete envelope
   */
  List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper);
}
