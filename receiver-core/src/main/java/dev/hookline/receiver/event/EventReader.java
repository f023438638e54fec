package dev.hookline.receiver.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
   * @return the events; empty only for a verified request that carries none (such as Slack's {@code
   *     app_rate_limited} notice), which the receiver answers 200 without running a handler
   * @throws MalformedEventException if the body is not a complete envelope
   */
  List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper);

  /**
   * The answer to a verified request that is a handshake rather than a delivery, such as Slack's
   * {@code url_verification}: the receiver asks after the signature check, when {@link #read} found
   * no event in the request (so a handshake must read as no event, and a delivery is parsed once),
   * and answers a present value with 200 {@code text/plain} holding it exactly (at most {@code
   * WebhookReceiver.MAX_CHALLENGE_LENGTH} characters, else 400), without deduplicating or running a
   * handler. So a handshake is answered only from a signed body; an unsigned or badly signed one is
   * 401 like any request. Asked only of requests in the provider's own framing. Default: none,
   * every request is a delivery.
   *
   * <p>Lucca's activation challenge is another mechanism: an unsigned {@code GET}, answered when
   * the receiver's {@code challenge} is on.
   *
   * @param request the verified request
   * @param mapper the receiver's mapper, already limited by its JSON constraints
   * @return the value to answer with, or empty when the request is a delivery
   * @throws MalformedEventException if the body is not JSON, or is a handshake without its value
   */
  default Optional<String> handshake(WebhookRequest request, ObjectMapper mapper) {
    return Optional.empty();
  }

  /**
   * The request headers this reader takes an event's id or idempotency key from, e.g. Standard
   * Webhooks' {@code webhook-id}. A receiver is built only if its verifier signs them (see {@link
   * dev.hookline.receiver.signature.SignatureVerifier#signedHeaders()}) or unsigned headers are
   * explicitly trusted. Default: none, the identity comes from the signed body.
   */
  default Set<String> identityHeaders() {
    return Set.of();
  }

  /**
   * The request headers this reader takes an event's topic from, e.g. GitHub's {@code
   * X-GitHub-Event}. Where the verifier does not sign them, whoever holds a captured delivery can
   * send its body again under another topic; so that a body has no topic but the one it first
   * arrived under, the receiver then remembers the key of an event no handler takes as it does that
   * of one handled, and the same body under another topic is a duplicate. Default: none, the topic
   * comes from the signed body.
   */
  default Set<String> topicHeaders() {
    return Set.of();
  }

  /**
   * Reads the events of a request, knowing what the receiver's handlers will bind. A streaming
   * reader that meets an event's data after its topic can bind the data in the same pass and hand
   * it to the event ({@link WebhookEvent.Builder#boundData}), so no handler parses it again. The
   * receiver calls this one; the default ignores the hint.
   *
   * @param dataTypes for a topic, the type its handlers bind data to, or null when there is none or
   *     several (see {@link dev.hookline.receiver.Dispatcher#dataType})
   */
  default List<WebhookEvent> read(
      WebhookRequest request, ObjectMapper mapper, Function<String, @Nullable Class<?>> dataTypes) {
    return read(request, mapper);
  }
}
