package dev.hookline.receiver;

import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.RecordingIdempotencyStore;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.internal.json.EventJson;
import dev.hookline.receiver.signature.HmacSignature;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The general handshake hook ({@link EventReader#handshake}), with a reader of a made-up sender
 * that answers {@code {"ping": "…"}}: asked only once the signature passed and only in the
 * provider's framing, answered before deduplication and handlers.
 */
class HandshakeTest {

  private static final String SECRET = "handshake-secret";

  /** Answers a body with a {@code ping} member with its value; reads others as plain JSON. */
  private static final EventReader PINGING =
      new EventReader() {
        private final JsonEventReader events = JsonEventReader.of("acme", "type", "id", "data");

        @Override
        public Optional<String> handshake(WebhookRequest request, ObjectMapper mapper) {
          return EventJson.optionalText(EventJson.parseObject(mapper, request.body()), "ping");
        }

        /** A handshake holds no event, as the receiver requires of a reader with handshakes. */
        @Override
        public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
          return handshake(request, mapper).isPresent() ? List.of() : events.read(request, mapper);
        }
      };

  private final List<WebhookEvent> handled = new CopyOnWriteArrayList<>();
  private final RecordingIdempotencyStore store = new RecordingIdempotencyStore();

  private final WebhookReceiver receiver =
      WebhookReceiver.builder()
          .endpoint("acme")
          .verifier(
              HmacSignature.builder().signatureHeader("X-Acme-Signature").secrets(SECRET).build())
          .reader(PINGING)
          .idempotencyStore(store)
          .onAny(handled::add)
          .build();

  private static WebhookRequest request(String contentType, String body, String secret) {
    return WebhookRequest.builder()
        .method("POST")
        .header("Content-Type", contentType)
        .header("X-Acme-Signature", hex(hmacSha256(utf8(secret), utf8(body))))
        .body(utf8(body))
        .build();
  }

  @Test
  void aSignedHandshakeIsAnsweredWithoutClaimOrHandler() {
    WebhookResponse response =
        receiver.receive(request("application/json", "{\"ping\":\"pong-1\"}", SECRET));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("pong-1");
    assertThat(store.claimed()).isEmpty();
    assertThat(handled).isEmpty();
  }

  @Test
  void aBadlySignedHandshakeIsRejectedBeforeTheReaderIsAsked() {
    WebhookResponse response =
        receiver.receive(request("application/json", "{\"ping\":\"pong-1\"}", "not-the-secret"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText()).doesNotContain("pong-1");
  }

  /** A CloudEvent is read by the receiver itself: the provider's reader is not asked. */
  @Test
  void aCloudEventIsNeverAHandshake() {
    String cloudEvent =
        "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"https://acme.example\","
            + "\"type\":\"thing.made\",\"ping\":\"pong-2\",\"data\":{}}";

    WebhookResponse response =
        receiver.receive(request(MediaTypes.CLOUDEVENTS_JSON, cloudEvent, SECRET));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEmpty();
    assertThat(handled).extracting(WebhookEvent::topic).containsExactly("thing.made");
  }

  @Test
  void aDeliveryIsReadAsUsual() {
    WebhookResponse response =
        receiver.receive(
            request("application/json", "{\"type\":\"thing.made\",\"id\":\"t1\"}", SECRET));

    assertThat(response.status()).isEqualTo(200);
    assertThat(handled).extracting(WebhookEvent::id).containsExactly("t1");
    assertThat(store.claimed()).containsExactly("acme|acme|t1");
  }
}
