package dev.hookline.receiver.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.internal.json.EventJson;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The readers of GitHub, Stripe, Standard Webhooks and Arta, alone and behind signed receivers. */
class ProviderReadersTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void gitHubTopicIsEventAndActionTheDeliveryIsTheIdAndTheBodyHashTheKey() {
    byte[] body =
        utf8("{\"action\":\"opened\",\"number\":7,\"repository\":{\"full_name\":\"o/r\"}}");
    String secret = "It's a Secret to Everybody";
    WebhookReceiver receiver = GitHub.receiver(secret).on("pull_request.*", events::add).build();
    WebhookRequest.Builder request =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "pull_request")
            .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
            .header(
                "X-Hub-Signature-256",
                "sha256=" + HexFormat.of().formatHex(TestRequests.hmac(utf8(secret), body)))
            .body(body);

    WebhookResponse first = receiver.receive(request.build());
    WebhookResponse redelivery = receiver.receive(request.build());

    assertThat(first.status()).isEqualTo(200);
    assertThat(redelivery.status()).isEqualTo(200);
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.topic()).isEqualTo("pull_request.opened");
              assertThat(event.id()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
              assertThat(event.idempotencyKey()).isEqualTo("github|" + EventJson.sha256Hex(body));
              assertThat(event.data().get("number").intValue()).isEqualTo(7);
            });
  }

  @Test
  void gitHubEventWithoutActionIsTheEventName() {
    WebhookRequest ping =
        WebhookRequest.builder()
            .header("X-GitHub-Event", "ping")
            .header("X-GitHub-Delivery", "d1")
            .body(utf8("{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}"))
            .build();

    assertThat(GitHub.PROVIDER.reader().read(ping, MAPPER).get(0).topic()).isEqualTo("ping");
  }

  @Test
  void gitHubWithoutDeliveryHeaderIsMalformed() {
    WebhookRequest request =
        WebhookRequest.builder().header("X-GitHub-Event", "push").body(utf8("{}")).build();

    assertThatThrownBy(() -> GitHub.PROVIDER.reader().read(request, MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("required header X-GitHub-Delivery is missing");
  }

  @Test
  void stripeEventCarriesObjectPreviousAttributesAndCreationTime() {
    String secret = "whsec_test_secret";
    byte[] body =
        utf8(
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.updated\",\"created\":1700000000,"
                + "\"api_version\":\"2024-06-20\",\"data\":{\"object\":{\"id\":\"cus_1\",\"email\":\"new@x\"},"
                + "\"previous_attributes\":{\"email\":\"old@x\"}}}");
    long now = Instant.now().getEpochSecond();
    String signed = now + "." + new String(body, StandardCharsets.UTF_8);
    WebhookReceiver receiver = Stripe.receiver(secret).on("customer.*", events::add).build();

    WebhookResponse response =
        receiver.receive(
            WebhookRequest.builder()
                .header("Content-Type", "application/json; charset=utf-8")
                .header(
                    "Stripe-Signature",
                    "t="
                        + now
                        + ",v1="
                        + HexFormat.of().formatHex(TestRequests.hmac(utf8(secret), utf8(signed))))
                .body(body)
                .build());

    assertThat(response.status()).isEqualTo(200);
    WebhookEvent event = events.get(0);
    assertThat(event.id()).isEqualTo("evt_1");
    assertThat(event.idempotencyKey()).isEqualTo("evt_1");
    assertThat(event.topic()).isEqualTo("customer.updated");
    assertThat(event.occurredAt()).contains(Instant.ofEpochSecond(1700000000));
    assertThat(event.apiVersion()).contains("2024-06-20");
    assertThat(event.data().get("email").textValue()).isEqualTo("new@x");
    assertThat(event.previousAttributes().get("email").orElseThrow().textValue())
        .isEqualTo("old@x");
  }

  @Test
  void stripeEventWithoutDataObjectIsMalformed() {
    WebhookRequest request =
        WebhookRequest.builder()
            .body(utf8("{\"id\":\"evt_1\",\"type\":\"x\",\"data\":{}}"))
            .build();

    assertThatThrownBy(() -> Stripe.PROVIDER.reader().read(request, MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("required field \"data.object\" is missing");
  }

  @Test
  void standardWebhooksTopicIsTypeAndTheKeyIsTheMessageId() {
    byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    byte[] body =
        utf8(
            "{\"type\":\"invoice.paid\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"data\":{\"amount\":5}}");
    String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String signature =
        Base64.getEncoder()
            .encodeToString(
                TestRequests.hmac(
                    key,
                    utf8(id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))));
    WebhookReceiver receiver =
        StandardWebhooks.receiver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .on("invoice.paid", events::add)
            .build();

    WebhookResponse response =
        receiver.receive(
            WebhookRequest.builder()
                .header("Content-Type", "application/json")
                .header("svix-id", id)
                .header("svix-timestamp", timestamp)
                .header("svix-signature", "v1," + signature)
                .body(body)
                .build());

    assertThat(response.status()).isEqualTo(200);
    WebhookEvent event = events.get(0);
    assertThat(event.id()).isEqualTo(id);
    assertThat(event.idempotencyKey()).isEqualTo(id);
    assertThat(event.source()).isEqualTo(StandardWebhooks.PROVIDER.id());
    assertThat(event.occurredAt()).contains(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(event.data().get("amount").intValue()).isEqualTo(5);
  }

  @Test
  void standardWebhooksWithoutTypeIsMalformed() {
    WebhookRequest request =
        WebhookRequest.builder().header("webhook-id", "m1").body(utf8("{\"data\":{}}")).build();

    assertThatThrownBy(() -> StandardWebhooks.PROVIDER.reader().read(request, MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("required field \"type\" is missing");
  }

  @Test
  void artaKeyIsTheBodyHashSoAnIdenticalRetryIsADuplicate() {
    byte[] ping = utf8("{\"data\":{\"id\":432672},\"object\":\"webhook\",\"type\":\"ping\"}");
    WebhookReceiver receiver =
        Arta.receiver(SignatureVerifier.unverified("Arta documents no signature scheme"))
            .onAny(events::add)
            .build();
    WebhookRequest request =
        WebhookRequest.builder().header("Content-Type", "application/json").body(ping).build();

    receiver.receive(request);
    receiver.receive(request);

    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.topic()).isEqualTo("ping");
              assertThat(event.id()).isEqualTo(sha256Hex(ping));
              assertThat(event.idempotencyKey()).isEqualTo("arta|" + event.id());
              assertThat(event.data().get("id").intValue()).isEqualTo(432672);
            });
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void artaEnvelopeWithoutTypeIsMalformed() {
    WebhookRequest request =
        WebhookRequest.builder().body(utf8("{\"data\":{},\"object\":\"shipment\"}")).build();

    assertThatThrownBy(() -> Arta.PROVIDER.reader().read(request, MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("required field \"type\" is missing");
  }

  private static WebhookRequest body(String json, String... headerNamesAndValues) {
    WebhookRequest.Builder request = WebhookRequest.builder().body(utf8(json));
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return request.build();
  }

  private static String stripeEvent(String created) {
    return "{\"id\":\"evt_1\",\"type\":\"customer.updated\",\"created\":"
        + created
        + ",\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1e17|must be whole Unix seconds, but was 1.0E17",
        "-1e17|must be whole Unix seconds, but was -1.0E17",
        "1e300|must be whole Unix seconds, but was 1.0E300",
        "1700000000.0|must be whole Unix seconds, but was 1.7E9",
        "\"1700000000\"|must be whole Unix seconds, but was string",
        "{}|must be whole Unix seconds, but was object",
        "1234567890123456789012345|must be Unix seconds from 0 to 253402300799, but was"
            + " 1234567890123456789012345",
        "100000000000000000|must be Unix seconds from 0 to 253402300799, but was"
            + " 100000000000000000",
        "253402300800|must be Unix seconds from 0 to 253402300799, but was 253402300800",
        "-1|must be Unix seconds from 0 to 253402300799, but was -1"
      })
  void stripeCreatedThatIsNotUnixSecondsInRangeIsMalformed(String created, String problem) {
    assertThatThrownBy(() -> Stripe.PROVIDER.reader().read(body(stripeEvent(created)), MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"created\" " + problem);
  }

  @Test
  void stripeCreatedAtTheEdgesOfTheRangeIsRead() {
    assertThat(Stripe.PROVIDER.reader().read(body(stripeEvent("0")), MAPPER).get(0).occurredAt())
        .contains(Instant.EPOCH);
    assertThat(
            Stripe.PROVIDER
                .reader()
                .read(body(stripeEvent("253402300799")), MAPPER)
                .get(0)
                .occurredAt())
        .contains(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @Test
  void signedStripeEventWithAHugeCreatedIsAnswered400() {
    byte[] body = utf8(stripeEvent("1e17"));
    String t = Long.toString(Instant.now().getEpochSecond());
    String signature =
        HexFormat.of()
            .formatHex(
                TestRequests.hmac(
                    utf8("whsec_test_secret"),
                    utf8(t + "." + new String(body, StandardCharsets.UTF_8))));
    WebhookReceiver receiver = Stripe.receiver("whsec_test_secret").onAny(events::add).build();

    WebhookResponse response =
        receiver.receive(
            WebhookRequest.builder()
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", "t=" + t + ",v1=" + signature)
                .body(body)
                .build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText())
        .isEqualTo("malformed event: field \"created\" must be whole Unix seconds, but was 1.0E17");
    assertThat(events).isEmpty();
  }

  @Test
  void stripeNestedObjectsOfTheWrongTypeAreNamedByTheirPath() {
    assertThatThrownBy(
            () ->
                Stripe.PROVIDER
                    .reader()
                    .read(body("{\"id\":\"e\",\"type\":\"t\",\"data\":{\"object\":[]}}"), MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"data.object\" must be an object, but was array");
    assertThatThrownBy(
            () ->
                Stripe.PROVIDER
                    .reader()
                    .read(
                        body(
                            "{\"id\":\"e\",\"type\":\"t\",\"data\":{\"object\":{},"
                                + "\"previous_attributes\":\"x\"}}"),
                        MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"data.previous_attributes\" must be an object, but was string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+10000-01-01T00:00:00Z", "2024-01-01T00:00:00.1234567891Z", "soon"})
  void standardWebhooksTimestampThatIsNoFourDigitYearDateTimeIsMalformed(String timestamp) {
    WebhookRequest request =
        body("{\"type\":\"t\",\"timestamp\":\"" + timestamp + "\"}", "webhook-id", "m1");

    assertThatThrownBy(() -> StandardWebhooks.PROVIDER.reader().read(request, MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"timestamp\" must be an ISO-8601 date-time with offset");
  }

  @Test
  void idsAndTopicsAreBoundedTo256CharactersWithTheFieldNamed() {
    String longest = "x".repeat(EventJson.MAX_ID_LENGTH);
    String over = "é".repeat(257);
    assertThat(Stripe.PROVIDER.reader().read(body(stripe(longest, "t")), MAPPER).get(0).id())
        .isEqualTo(longest);
    assertMalformed(
        Stripe.PROVIDER.reader(),
        body(stripe(over, "t")),
        "field \"id\" must be at most 256 characters, but had 257");
    assertMalformed(
        Stripe.PROVIDER.reader(),
        body(stripe("e", over)),
        "field \"type\" must be at most 256 characters, but had 257");
    assertMalformed(
        StandardWebhooks.PROVIDER.reader(),
        body("{\"type\":\"t\"}", "webhook-id", over),
        "header webhook-id must be at most 256 characters, but had 257");
    assertMalformed(
        StandardWebhooks.PROVIDER.reader(),
        body("{\"type\":\"" + over + "\"}", "webhook-id", "m"),
        "field \"type\" must be at most 256 characters, but had 257");
    assertMalformed(
        Arta.PROVIDER.reader(),
        body("{\"type\":\"" + over + "\",\"object\":\"o\",\"data\":{}}"),
        "field \"type\" must be at most 256 characters, but had 257");
    assertMalformed(
        GitHub.PROVIDER.reader(),
        body("{}", "X-GitHub-Event", "push", "X-GitHub-Delivery", over),
        "header X-GitHub-Delivery must be at most 256 characters, but had 257");
    assertMalformed(
        GitHub.PROVIDER.reader(),
        body("{}", "X-GitHub-Event", over, "X-GitHub-Delivery", "d"),
        "header X-GitHub-Event must be at most 256 characters, but had 257");
    assertMalformed(
        GitHub.PROVIDER.reader(),
        body(
            "{\"action\":\"" + "a".repeat(200) + "\"}",
            "X-GitHub-Event",
            "p".repeat(60),
            "X-GitHub-Delivery",
            "d"),
        "topic X-GitHub-Event.action must be at most 256 characters, but had 261");
    assertMalformed(
        JsonEventReader.of("s", "type", "id", "data"),
        body("{\"type\":\"t\",\"id\":\"" + over + "\"}"),
        "field \"id\" must be at most 256 characters, but had 257");
    assertMalformed(
        JsonEventReader.of("s", "type", "id", "data"),
        body("{\"type\":\"" + over + "\"}"),
        "field \"type\" must be at most 256 characters, but had 257");
  }

  @Test
  void emptyIdsTopicsAndActionsAreMalformed() {
    assertMalformed(
        JsonEventReader.of("s", "type", "id", "data"),
        body("{\"type\":\"t\",\"id\":\"\"}"),
        "field \"id\" must be a non-empty string, but was empty");
    assertMalformed(
        Stripe.PROVIDER.reader(),
        body(stripe("e", "")),
        "field \"type\" must be a non-empty string, but was empty");
    assertMalformed(
        GitHub.PROVIDER.reader(),
        body("{\"action\":\"\"}", "X-GitHub-Event", "push", "X-GitHub-Delivery", "d"),
        "field \"action\" must be a non-empty string, but was empty");
    assertMalformed(
        StandardWebhooks.PROVIDER.reader(),
        body("{\"type\":\"t\"}", "webhook-id", "", "svix-id", "m"),
        "required header webhook-id is missing");
  }

  private static String stripe(String id, String type) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":{\"object\":{}}}";
  }

  private static void assertMalformed(EventReader reader, WebhookRequest request, String message) {
    assertThatThrownBy(() -> reader.read(request, MAPPER))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(message);
  }
}
