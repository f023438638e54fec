package dev.hookline.receiver.shopify;

import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.resource;
import static dev.hookline.receiver.signature.SignatureTestSupport.sha256Hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shopify deliveries end to end through the preset: signed as Shopify signs them (written apart
 * from the main code), read from the unsigned topic and webhook id headers, deduplicated on the
 * signed body whatever those headers say.
 */
class ShopifyReceiverTest {

  private static final String SECRET = "shopify-client-secret";

  /** The {@code orders/create} fixture, as Shopify sends an order. */
  private static final byte[] ORDER = resource("/fixtures/shopify/orders.create.json");

  private final List<WebhookEvent> handled = new CopyOnWriteArrayList<>();

  private WebhookReceiver receiver() {
    return Shopify.receiver(SECRET)
        .idempotencyStore(InMemoryIdempotencyStore.create())
        .on("orders/create", handled::add)
        .build();
  }

  /** The headers Shopify sends with a delivery, the signature over the body included. */
  private static Map<String, String> headers(String secret, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Shopify-Topic", "orders/create");
    headers.put("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    headers.put("X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5");
    headers.put("X-Shopify-Triggered-At", "2024-07-01T14:15:30.123456789Z");
    headers.put("X-Shopify-Shop-Domain", "shop1.myshopify.com");
    headers.put("X-Shopify-API-Version", "2024-07");
    headers.put("X-Shopify-Hmac-Sha256", base64(hmacSha256(utf8(secret), body)));
    return headers;
  }

  private static WebhookRequest request(Map<String, String> headers, byte[] body) {
    WebhookRequest.Builder builder = WebhookRequest.builder().method("POST").body(body);
    headers.forEach(builder::header);
    return builder.build();
  }

  private static WebhookRequest with(String header, String value) {
    Map<String, String> headers = headers(SECRET, ORDER);
    headers.put(header, value);
    return request(headers, ORDER);
  }

  private static WebhookRequest without(String header) {
    Map<String, String> headers = headers(SECRET, ORDER);
    headers.remove(header);
    return request(headers, ORDER);
  }

  @Test
  void theTopicIsTheHeaderTheWebhookIdTheIdAndTheBodyHashTheKey() {
    WebhookResponse response = receiver().receive(request(headers(SECRET, ORDER), ORDER));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(handled)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.topic()).isEqualTo("orders/create");
              assertThat(event.id()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
              assertThat(event.source()).isEqualTo("shopify");
              assertThat(event.idempotencyKey()).isEqualTo("shopify|" + sha256Hex(ORDER));
              assertThat(event.occurredAt())
                  .contains(Instant.parse("2024-07-01T14:15:30.123456789Z"));
              assertThat(event.data().get("id").longValue()).isEqualTo(820982911946154508L);
              assertThat(event.data().get("line_items")).hasSize(2);
              assertThat(event.headers().first("X-Shopify-Shop-Domain"))
                  .contains("shop1.myshopify.com");
            });
  }

  /** shopify-app-js's own request (validate.test.ts): its headers and signed body are read. */
  @Test
  void theSdksValidRequestIsHandled() {
    WebhookReceiver receiver =
        Shopify.receiver("test_secret_key").on("products/create", handled::add).build();
    WebhookRequest request =
        WebhookRequest.builder()
            .method("POST")
            .header("Content-Type", "application/json")
            .header("X-Shopify-API-Version", "2023-01")
            .header("X-Shopify-Shop-Domain", "shop1.myshopify.io")
            .header("X-Shopify-Hmac-Sha256", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=")
            .header("X-Shopify-Topic", "products/create")
            .header("X-Shopify-Webhook-Id", "123456789")
            .body(utf8("{\"foo\": \"bar\"}"))
            .build();

    assertThat(receiver.receive(request).status()).isEqualTo(200);
    assertThat(handled)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.id()).isEqualTo("123456789");
              assertThat(event.occurredAt()).isEmpty();
              assertThat(event.data().get("foo").textValue()).isEqualTo("bar");
            });
  }

  @Test
  void aRetryIsADuplicateAnsweredWithoutRunningTheHandlerAgain() {
    WebhookReceiver receiver = receiver();

    WebhookResponse first = receiver.receive(request(headers(SECRET, ORDER), ORDER));
    WebhookResponse retry = receiver.receive(request(headers(SECRET, ORDER), ORDER));

    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(handled).hasSize(1);
  }

  /**
   * None of Shopify's headers is signed: the captured body re-sent under another topic, webhook id,
   * event id or time is still the same event, so no handler runs again, under any topic.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "X-Shopify-Topic, orders/delete",
    "X-Shopify-Topic, orders/create",
    "X-Shopify-Webhook-Id, another-webhook-id",
    "X-Shopify-Event-Id, another-event-id",
    "X-Shopify-Triggered-At, 2030-01-01T00:00:00Z"
  })
  void theBodyResentUnderOtherUnsignedHeadersRunsNoHandlerAgain(String header, String value) {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        Shopify.receiver(SECRET).onAny(event -> runs.add(event.topic() + " " + event.id())).build();

    WebhookResponse genuine = receiver.receive(request(headers(SECRET, ORDER), ORDER));
    WebhookResponse resent = receiver.receive(with(header, value));

    assertThat(genuine.status()).isEqualTo(200);
    assertThat(resent.status()).isEqualTo(200);
    assertThat(runs).containsExactly("orders/create b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
  }

  @Test
  void anotherSecretOrAChangedBodyIsRejectedWith401() {
    WebhookReceiver receiver = receiver();
    byte[] changed = ORDER.clone();
    changed[changed.length - 2] = ' ';

    WebhookResponse wrongSecret = receiver.receive(request(headers("another", ORDER), ORDER));
    WebhookResponse tampered = receiver.receive(request(headers(SECRET, ORDER), changed));
    WebhookResponse unsigned = receiver.receive(without("X-Shopify-Hmac-Sha256"));

    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(wrongSecret.bodyText())
        .isEqualTo(
            "signature rejected: NO_MATCHING_SIGNATURE: no signature in X-Shopify-Hmac-Sha256"
                + " matches a configured key");
    assertThat(tampered.status()).isEqualTo(401);
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.bodyText())
        .isEqualTo("signature rejected: MISSING_HEADER: missing header X-Shopify-Hmac-Sha256");
    assertThat(handled).isEmpty();
  }

  /** A header removed (length -1) or set to that many characters. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no topic|X-Shopify-Topic|-1|required header X-Shopify-Topic is missing",
        "empty topic|X-Shopify-Topic|0|required header X-Shopify-Topic is missing",
        "topic of 257 characters|X-Shopify-Topic|257|header X-Shopify-Topic must be at most 256"
            + " characters, but had 257",
        "no webhook id|X-Shopify-Webhook-Id|-1|required header X-Shopify-Webhook-Id is missing",
        "empty webhook id|X-Shopify-Webhook-Id|0|required header X-Shopify-Webhook-Id is missing",
        "webhook id of 10000 characters|X-Shopify-Webhook-Id|10000|header X-Shopify-Webhook-Id"
            + " must be at most 256 characters, but had 10000"
      })
  void missingEmptyOrOverlongTopicAndWebhookIdAreRejectedWith400(
      String change, String header, int length, String problem) {
    WebhookRequest request = length < 0 ? without(header) : with(header, "x".repeat(length));

    WebhookResponse response = receiver().receive(request);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).isEqualTo("malformed event: " + problem);
    assertThat(handled).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      quoteCharacter = '\'',
      value = {
        "''",
        "yesterday",
        "2024-07-01T14:15:30",
        "+10000-01-01T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "'2024-07-01T14:15:30.123456789012345678901234567890123456789012345678901234567890Z'"
      })
  void aTriggeredAtThatIsNoDateTimeIsRejectedWith400(String value) {
    WebhookResponse response = receiver().receive(with("X-Shopify-Triggered-At", value));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText())
        .isEqualTo(
            "malformed event: header X-Shopify-Triggered-At must be an ISO-8601 date-time with"
                + " offset");
    assertThat(handled).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[]| malformed event: body must be a JSON object, but was array",
        "\"order\"| malformed event: body must be a JSON object, but was string",
        "{\"id\": 1| malformed event: body is not valid JSON: Unexpected end-of-input"
      })
  void aBodyThatIsNoJsonObjectIsRejectedWith400(String body, String message) {
    byte[] bytes = utf8(body);

    WebhookResponse response = receiver().receive(request(headers(SECRET, bytes), bytes));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).startsWith(message);
    assertThat(handled).isEmpty();
  }

  @Test
  void aTopicWithoutHandlerIsAnsweredWith200() {
    WebhookResponse response = receiver().receive(with("X-Shopify-Topic", "customers/create"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(handled).isEmpty();
  }
}
