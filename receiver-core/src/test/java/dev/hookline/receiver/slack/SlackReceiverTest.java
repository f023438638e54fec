package dev.hookline.receiver.slack;

import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.resource;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.RecordingIdempotencyStore;
import dev.hookline.receiver.inbox.InMemoryInbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slack Events API deliveries end to end through the preset, signed as Slack signs them (written
 * apart from the main code): event callbacks keyed on {@code event_id}, retries as duplicates, and
 * the {@code url_verification} handshake answered only from a signed body.
 */
class SlackReceiverTest {

  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  private static final byte[] APP_MENTION =
      resource("/fixtures/slack/event_callback.app_mention.json");
  private static final byte[] URL_VERIFICATION = resource("/fixtures/slack/url_verification.json");
  private static final String CHALLENGE = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";

  private final List<WebhookEvent> handled = new CopyOnWriteArrayList<>();
  private final RecordingIdempotencyStore store = new RecordingIdempotencyStore();
  private final List<String> claimed = store.claimed();

  private WebhookReceiver.Builder receiver() {
    return Slack.receiver(SECRET).idempotencyStore(store).onAny(handled::add);
  }

  /** A POST signed as Slack signs it: {@code v0=} hex HMAC of {@code v0:<timestamp>:<body>}. */
  private static WebhookRequest.Builder signed(String secret, Instant at, byte[] body) {
    return signed(secret, at, "application/json", body);
  }

  private static WebhookRequest.Builder signed(
      String secret, Instant at, String contentType, byte[] body) {
    String timestamp = Long.toString(at.getEpochSecond());
    String content = "v0:" + timestamp + ":" + new String(body, StandardCharsets.UTF_8);
    return WebhookRequest.builder()
        .method("POST")
        .header("Content-Type", contentType)
        .header("X-Slack-Request-Timestamp", timestamp)
        .header("X-Slack-Signature", "v0=" + hex(hmacSha256(utf8(secret), utf8(content))))
        .body(body);
  }

  private static WebhookRequest signed(byte[] body) {
    return signed(SECRET, Instant.now(), body).build();
  }

  private static WebhookRequest signed(String body) {
    return signed(utf8(body));
  }

  @Test
  void anEventCallbackIsHandledUnderItsEventTypeKeyedOnItsEventId() {
    WebhookResponse response = receiver().build().receive(signed(APP_MENTION));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(handled)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.topic()).isEqualTo("app_mention");
              assertThat(event.id()).isEqualTo("Ev0LAN670R");
              assertThat(event.idempotencyKey()).isEqualTo("slack|Ev0LAN670R");
              assertThat(event.source()).isEqualTo("slack");
              assertThat(event.occurredAt()).contains(Instant.ofEpochSecond(1515449522));
              assertThat(event.data().get("text").textValue())
                  .isEqualTo("<@U0LAN0Z89> is it everything a river should be?");
              assertThat(event.data().get("channel").textValue()).isEqualTo("C0LAN2Q65");
            });
    assertThat(claimed).containsExactly("slack|slack|Ev0LAN670R");
  }

  /**
   * Slack re-signs a retry with a new timestamp and marks it with the unsigned {@code
   * X-Slack-Retry-Num}: the same {@code event_id} makes it a duplicate.
   */
  @Test
  void aRetryIsADuplicateAnsweredWithoutRunningTheHandlerAgain() {
    WebhookReceiver receiver = receiver().build();
    WebhookRequest retry =
        signed(SECRET, Instant.now().plusSeconds(60), APP_MENTION)
            .header("X-Slack-Retry-Num", "1")
            .header("X-Slack-Retry-Reason", "http_timeout")
            .build();

    WebhookResponse first = receiver.receive(signed(APP_MENTION));
    WebhookResponse again = receiver.receive(retry);

    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(handled).hasSize(1);
  }

  @Test
  void aSignedUrlVerificationIsAnsweredWithItsChallengeAndRunsNothing() {
    WebhookResponse response = receiver().build().receive(signed(URL_VERIFICATION));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo(CHALLENGE);
    assertThat(response.headers())
        .containsEntry("Content-Type", "text/plain; charset=UTF-8")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("Cache-Control", "no-store");
    assertThat(handled).isEmpty();
    assertThat(claimed).isEmpty();
  }

  @Test
  void anAsynchronousReceiverAnswersTheHandshakeAndStoresNothing() {
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver receiver = Slack.receiver(SECRET).async(inbox).onAny(handled::add).build();

    WebhookResponse handshake = receiver.receive(signed(URL_VERIFICATION));
    WebhookResponse event = receiver.receive(signed(APP_MENTION));

    assertThat(handshake.status()).isEqualTo(200);
    assertThat(handshake.bodyText()).isEqualTo(CHALLENGE);
    assertThat(event.status()).isEqualTo(202);
    assertThat(inbox.take(10, Duration.ofMinutes(1)))
        .extracting(message -> message.key())
        .containsExactly("slack|slack|Ev0LAN670R");
  }

  @Test
  void anUnsignedBadlySignedOrStaleUrlVerificationIsRejectedWith401() {
    WebhookReceiver receiver = receiver().build();
    WebhookRequest unsigned =
        WebhookRequest.builder()
            .method("POST")
            .header("Content-Type", "application/json")
            .body(URL_VERIFICATION)
            .build();

    List<WebhookResponse> responses =
        List.of(
            receiver.receive(unsigned),
            receiver.receive(signed("another-secret", Instant.now(), URL_VERIFICATION).build()),
            receiver.receive(
                signed(SECRET, Instant.now().minus(Duration.ofMinutes(10)), URL_VERIFICATION)
                    .build()));

    assertThat(responses).extracting(WebhookResponse::status).containsOnly(401);
    assertThat(responses)
        .extracting(WebhookResponse::bodyText)
        .containsExactly(
            "signature rejected: MISSING_HEADER: missing header X-Slack-Signature",
            "signature rejected: NO_MATCHING_SIGNATURE: no signature in X-Slack-Signature"
                + " matches a configured key",
            responses.get(2).bodyText())
        .noneMatch(text -> text.contains(CHALLENGE));
    assertThat(responses.get(2).bodyText())
        .startsWith("signature rejected: TIMESTAMP_OUT_OF_WINDOW: ");
  }

  /** Slack's handshake is a signed POST: the unsigned GET challenge of Lucca stays off. */
  @Test
  void anUnsignedGetChallengeIsNotAnswered() {
    WebhookResponse response =
        receiver()
            .build()
            .receive(
                WebhookRequest.builder()
                    .method("GET")
                    .queryParameter("challenge", CHALLENGE)
                    .build());

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.bodyText()).doesNotContain(CHALLENGE);
    assertThat(Slack.PROVIDER.challenge()).isFalse();
  }

  @Test
  void aHandshakeWithoutOrWithAnOverlongChallengeIsRejectedWith400() {
    WebhookReceiver receiver = receiver().build();

    WebhookResponse missing = receiver.receive(signed("{\"type\":\"url_verification\"}"));
    WebhookResponse notText =
        receiver.receive(signed("{\"type\":\"url_verification\",\"challenge\":7}"));
    WebhookResponse longest =
        receiver.receive(
            signed("{\"type\":\"url_verification\",\"challenge\":\"" + "c".repeat(500) + "\"}"));
    WebhookResponse tooLong =
        receiver.receive(
            signed("{\"type\":\"url_verification\",\"challenge\":\"" + "c".repeat(501) + "\"}"));

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.bodyText())
        .isEqualTo("malformed event: required field \"challenge\" is missing");
    assertThat(notText.bodyText())
        .isEqualTo(
            "malformed event: field \"challenge\" must be a non-empty string, but was number");
    assertThat(longest.status()).isEqualTo(200);
    assertThat(longest.bodyText()).isEqualTo("c".repeat(500));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.bodyText()).isEqualTo("activation challenge value exceeds 500 characters");
  }

  /**
   * A rate-limit notice, or an envelope type Slack adds later, carries no event to handle: 200, so
   * Slack neither retries it nor counts it as a failure, and no handler runs, not even {@code *}.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"app_rate_limited", "block_suggestion_someday"})
  void anotherEnvelopeTypeIsAnsweredWith200WithoutRunningAHandler(String type) {
    String body =
        new String(resource("/fixtures/slack/app_rate_limited.json"), StandardCharsets.UTF_8)
            .replace("app_rate_limited", type);

    WebhookResponse response = receiver().build().receive(signed(body));

    assertThat(response.status()).isEqualTo(200);
    assertThat(handled).isEmpty();
    assertThat(claimed).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no type|{\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_mention\"}}|required field"
            + " \"type\" is missing",
        "type not a string|{\"type\":[\"event_callback\"]}|field \"type\" must be a non-empty"
            + " string, but was array",
        "no event_id|{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}"
            + "|required field \"event_id\" is missing",
        "no event|{\"type\":\"event_callback\",\"event_id\":\"Ev1\"}|required field \"event\" is"
            + " missing",
        "event not an object|{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":\"x\"}"
            + "|field \"event\" must be an object, but was string",
        "no event type|{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{}}"
            + "|required field \"event.type\" is missing",
        "event_time a string|{\"type\":\"event_callback\",\"event_id\":\"Ev1\","
            + "\"event_time\":\"1515449522\",\"event\":{\"type\":\"app_mention\"}}"
            + "|field \"event_time\" must be whole Unix seconds, but was string",
        "event_time in microseconds|{\"type\":\"event_callback\",\"event_id\":\"Ev1\","
            + "\"event_time\":1515449522000016,\"event\":{\"type\":\"app_mention\"}}"
            + "|field \"event_time\" must be Unix seconds from 0 to 253402300799, but was"
            + " 1515449522000016",
        "body an array|[]|body must be a JSON object, but was array"
      })
  void aMalformedEnvelopeIsRejectedWith400(String change, String body, String problem) {
    WebhookResponse response = receiver().build().receive(signed(body));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).isEqualTo("malformed event: " + problem);
    assertThat(handled).isEmpty();
  }

  @Test
  void overlongEventIdAndTypeAreRejectedWith400() {
    WebhookReceiver receiver = receiver().build();
    String callback = new String(APP_MENTION, StandardCharsets.UTF_8);

    WebhookResponse longId =
        receiver.receive(signed(callback.replace("Ev0LAN670R", "E".repeat(257))));
    WebhookResponse longType =
        receiver.receive(
            signed(callback.replace("\"app_mention\"", "\"" + "t".repeat(257) + "\"")));

    assertThat(longId.bodyText())
        .isEqualTo(
            "malformed event: field \"event_id\" must be at most 256 characters, but had 257");
    assertThat(longType.bodyText())
        .isEqualTo(
            "malformed event: field \"event.type\" must be at most 256 characters, but had 257");
    assertThat(handled).isEmpty();
  }

  /** Slash commands and interactivity are form-encoded, not the Events API. */
  @Test
  void aSignedFormEncodedSlashCommandIsRejectedWith415() {
    WebhookRequest command =
        signed(
                SECRET,
                Instant.now(),
                "application/x-www-form-urlencoded",
                utf8("token=x&command=%2Fweather&text=paris"))
            .build();

    WebhookResponse response = receiver().build().receive(command);

    assertThat(response.status()).isEqualTo(415);
    assertThat(handled).isEmpty();
  }
}
