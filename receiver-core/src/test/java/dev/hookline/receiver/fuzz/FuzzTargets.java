package dev.hookline.receiver.fuzz;

import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.concat;
import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.sha256Hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.shopify.Shopify;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.slack.Slack;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The providers the fuzzer drives, each with valid sample inputs as seeds (the fuzzer adds the
 * fixtures). The signers below compute signatures with {@code javax.crypto} through {@code
 * SignatureTestSupport}, never with the main code.
 */
final class FuzzTargets {

  static final String STANDARD_WEBHOOKS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String STRIPE_SECRET = "whsec_test_secret";
  static final String GITHUB_SECRET = "It's a Secret to Everybody";
  static final String ARTA_SECRET = "arta-secret-token";
  static final String JSON_SECRET = "orders-secret";
  static final String SHOPIFY_SECRET = "test_secret_key";
  static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  /** Test models of the providers without one in the main code; unknown fields are ignored. */
  record Customer(String id, String email, Long created, Map<String, String> metadata) {}

  record Invoice(String id, Long amount, String currency) {}

  record PullRequestEvent(String action, Integer number, Map<String, Object> repository) {}

  record Shipment(String id, String status, Integer total) {}

  record Order(Long id, BigDecimal total, List<Map<String, Object>> lines) {}

  record ShopifyOrder(
      Long id, String email, String currency, List<Map<String, Object>> lineItems) {}

  record SlackMention(String type, String user, String text, String channel, String ts) {}

  private FuzzTargets() {}

  static List<FuzzTarget> all() {
    return List.of(
        lucca(),
        cloudEventsStructured(),
        cloudEventsBatch(),
        cloudEventsBinarySigned(),
        cloudEventsBinaryTrusted(),
        standardWebhooks(),
        stripe(),
        gitHub(),
        gitHubForm(),
        arta(),
        shopify(),
        slack(),
        json());
  }

  private static WebhookReceiver luccaReceiver(Recorder recorder) {
    return recorder.receiver(
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .on("employee.*", Employee.class, recorder.typed())
            .on("employee.updated", recorder.previous(Employee.class)));
  }

  private static FuzzTarget.Signer lucca(String contentType) {
    return (input, now) -> {
      String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
      byte[] body = input.body();
      return request(input, contentType)
          .header("Lucca-Timestamp", timestamp)
          .header(
              "Lucca-Signature",
              base64(
                  hmacSha256(utf8(TestRequests.LUCCA_SECRET), concat(utf8(timestamp + "."), body))))
          .build();
    };
  }

  static FuzzTarget lucca() {
    String employeeUpdated = text(TestRequests.employeeUpdated());
    String created =
        text(TestRequests.employeeUpdated("127"))
            .replace("employee.updated", "employee.created")
            .replaceAll("(?s),\\s*\"previousAttributes\": \\{[^}]*}", "");
    String previousInData =
        text(TestRequests.employeeUpdated("128"))
            .replaceAll("(?s),\\s*\"previousAttributes\": \\{[^}]*}", "")
            .replace(
                "\"givenName\": \"Edward\",",
                "\"givenName\": \"Edward\",\n\"previousAttributes\": {\"givenName\": \"Ed\"},");
    String topicLast =
        "{\"id\":\"124\",\"source\":\"https://example.ilucca.net\",\"data\":{\"id\":\"416\","
            + "\"givenName\":\"Edward\",\"createdAt\":\"2024-04-15T23:12:54Z\"},"
            + "\"occurredAt\":\"2024-02-01T09:34:23+01:00\",\"topic\":\"employee.deleted\"}";
    String test =
        "{\"id\":\"125\",\"type\":\"event\",\"topic\":\"test.created\","
            + "\"source\":\"https://example.ilucca.net\",\"data\":null}";
    return new FuzzTarget(
        "lucca",
        samples(employeeUpdated, created, previousInData, topicLast, test),
        List.of(),
        FuzzTargets::luccaReceiver,
        lucca("application/json"),
        (input, event) -> inBody(input, event.topic(), event.id(), event.source()));
  }

  private static String cloudEvent(String id, String type, String data) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"https://example.ilucca.net\",\"type\":\""
        + type
        + "\",\"time\":\"2024-02-01T09:34:23.001Z\",\"datacontenttype\":\"application/json\","
        + "\"apiversion\":\"2024-01-01\",\"subject\":\"416\",\"data\":"
        + data
        + "}";
  }

  private static String employeeData() {
    String fixture = text(TestRequests.employeeUpdated());
    int start = fixture.indexOf("\"data\": {") + "\"data\": ".length();
    int end = fixture.indexOf("\"previousAttributes\"");
    String data = fixture.substring(start, fixture.lastIndexOf('}', end) + 1);
    return data.substring(0, data.length() - 1) + ",\"previousAttributes\":{\"givenName\":\"Ed\"}}";
  }

  static FuzzTarget cloudEventsStructured() {
    return new FuzzTarget(
        "cloudevents-structured",
        samples(
            cloudEvent("123", "employee.updated", employeeData()),
            cloudEvent("126", "employee.created", "{\"id\":\"417\",\"givenName\":\"Ada\"}")),
        List.of(),
        FuzzTargets::luccaReceiver,
        lucca("application/cloudevents+json"),
        (input, event) -> inBody(input, event.topic(), event.id(), event.source()));
  }

  static FuzzTarget cloudEventsBatch() {
    return new FuzzTarget(
        "cloudevents-batch",
        samples(
            "["
                + cloudEvent("123", "employee.updated", employeeData())
                + ","
                + cloudEvent("126", "employee.deleted", "{\"id\":\"417\"}")
                + "]"),
        List.of(),
        FuzzTargets::luccaReceiver,
        lucca("application/cloudevents-batch+json"),
        (input, event) -> inBody(input, event.topic(), event.id(), event.source()));
  }

  /** The binary-mode headers of the samples, mutated now and then. */
  private static final List<String> CE_HEADERS =
      List.of("ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time");

  private static final String BINARY_TEMPLATE =
      "{header:ce-specversion}.{header:ce-id}.{header:ce-source}.{header:ce-type}"
          + ".{header:ce-time}.{body}";

  /** Binary-mode samples with ids {@code <idPrefix>-1} and {@code -2} and the extra headers. */
  private static List<FuzzInput> binarySamples(String idPrefix, String... extraHeaders) {
    List<FuzzInput> samples = new ArrayList<>();
    List<String> bodies = List.of(employeeData(), "{\"id\":\"417\"}");
    for (int i = 0; i < bodies.size(); i++) {
      List<String> headers =
          new ArrayList<>(
              List.of(
                  "ce-specversion",
                  "1.0",
                  "ce-id",
                  idPrefix + "-" + (i + 1),
                  "ce-source",
                  "https://example.ilucca.net",
                  "ce-type",
                  "employee.updated",
                  "ce-time",
                  "2025-01-01T08:34:23.0001Z"));
      headers.addAll(List.of(extraHeaders));
      samples.add(FuzzInput.of(bodies.get(i), headers.toArray(new String[0])));
    }
    return samples;
  }

  /**
   * CloudEvents binary mode whose {@code ce-*} attributes are signed (an HMAC template naming
   * them): every mutant is re-signed over its mutated headers, so the reader meets any value.
   */
  static FuzzTarget cloudEventsBinarySigned() {
    return new FuzzTarget(
        "cloudevents-binary-signed",
        binarySamples("signed"),
        CE_HEADERS,
        recorder ->
            recorder.receiver(
                WebhookReceiver.builder()
                    .endpoint("binary")
                    .verifier(
                        HmacSignature.builder()
                            .signatureHeader("X-Signature")
                            .signedContent(BINARY_TEMPLATE)
                            .secrets(JSON_SECRET)
                            .build())
                    .reader((request, mapper) -> List.of())
                    .framings(Set.of(Framing.CLOUDEVENTS_BINARY))
                    .on("employee.*", Employee.class, recorder.typed())
                    .on("employee.updated", recorder.previous(Employee.class))),
        (input, now) -> {
          Map<String, String> headers = input.headers();
          String content =
              headers.get("ce-specversion")
                  + "."
                  + headers.get("ce-id")
                  + "."
                  + headers.get("ce-source")
                  + "."
                  + headers.get("ce-type")
                  + "."
                  + headers.get("ce-time")
                  + ".";
          return request(input, "application/json")
              .header(
                  "X-Signature",
                  hex(hmacSha256(utf8(JSON_SECRET), concat(utf8(content), input.body()))))
              .build();
        },
        FuzzTargets::fromCeHeaders);
  }

  /**
   * CloudEvents binary mode on a Lucca endpoint that trusts unsigned {@code ce-*} headers, with
   * extension headers besides the attributes.
   */
  static FuzzTarget cloudEventsBinaryTrusted() {
    List<FuzzInput> samples = new ArrayList<>(binarySamples("api", "ce-apiversion", "2024-11-01"));
    samples.addAll(
        binarySamples("previous", "ce-previousattributes", "%7B%22givenName%22%3A%22Ed%22%7D"));
    return new FuzzTarget(
        "cloudevents-binary-trusted",
        samples,
        List.of("ce-specversion", "ce-id", "ce-type", "ce-time", "ce-previousattributes"),
        recorder ->
            recorder.receiver(
                Lucca.receiver(TestRequests.LUCCA_SECRET)
                    .framings(EnumSet.allOf(Framing.class))
                    .trustUnsignedHeaders("the fuzzer trusts its own ce-* headers")
                    .on("employee.*", Employee.class, recorder.typed())
                    .on("employee.updated", recorder.previous(Employee.class))),
        lucca("application/json"),
        FuzzTargets::fromCeHeaders);
  }

  /**
   * Why a binary-mode event's id or topic is not its (percent-encoded, possibly quoted) header, or
   * null: an undecoded header must equal the value, an encoded one must at least be present.
   */
  private static String fromCeHeaders(FuzzInput input, WebhookEvent event) {
    for (String[] pair :
        List.of(new String[] {"ce-id", event.id()}, new String[] {"ce-type", event.topic()})) {
      String header = input.headers().get(pair[0]);
      if (header == null) {
        return "handled an event without header " + pair[0];
      }
      boolean encoded = header.indexOf('%') >= 0 || header.startsWith("\"");
      if (!encoded && !header.equals(pair[1])) {
        return pair[0] + " \"" + abbreviate(pair[1]) + "\" is not the header's value";
      }
    }
    return null;
  }

  static FuzzTarget standardWebhooks() {
    byte[] key = Base64.getDecoder().decode(STANDARD_WEBHOOKS_SECRET.substring("whsec_".length()));
    return new FuzzTarget(
        "standard-webhooks",
        List.of(
            FuzzInput.of(
                "{\"type\":\"invoice.paid\",\"timestamp\":\"2024-01-01T00:00:00Z\","
                    + "\"data\":{\"id\":\"in_1\",\"amount\":500,\"currency\":\"eur\"}}",
                "webhook-id",
                "msg_p5jXN8AQM9LWM0D4loKWxJek"),
            FuzzInput.of(
                "{\"type\":\"user.created\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\","
                    + "\"data\":{\"username\":\"john_doe\",\"email\":\"john@example.com\"}}",
                "webhook-id",
                "msg_2"),
            FuzzInput.of("{\"type\":\"invoice.voided\",\"amount\":3}", "webhook-id", "msg_3")),
        List.of("webhook-id"),
        recorder ->
            recorder.receiver(
                StandardWebhooks.receiver(STANDARD_WEBHOOKS_SECRET)
                    .on("invoice.*", Invoice.class, recorder.typed())),
        (input, now) -> {
          String id = input.headers().get("webhook-id");
          String timestamp = Long.toString(now.getEpochSecond());
          return request(input, "application/json")
              .header("webhook-timestamp", timestamp)
              .header(
                  "webhook-signature",
                  "v1,"
                      + base64(
                          hmacSha256(key, concat(utf8(id + "." + timestamp + "."), input.body()))))
              .build();
        },
        (input, event) ->
            !event.id().equals(input.headers().get("webhook-id"))
                ? "id " + event.id() + " is not the signed webhook-id"
                : inBody(input, event.topic()));
  }

  static FuzzTarget stripe() {
    return new FuzzTarget(
        "stripe",
        samples(
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.updated\","
                + "\"created\":1700000000,\"api_version\":\"2024-06-20\",\"livemode\":false,"
                + "\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\",\"email\":\"new@x\","
                + "\"created\":1680000000,\"metadata\":{\"tier\":\"gold\"}},"
                + "\"previous_attributes\":{\"email\":\"old@x\"}}}",
            "{\"id\":\"evt_3MtwBwLkdIwHu7ix28a3tqPa\",\"object\":\"event\",\"api_version\":\"2022-11-15\","
                + "\"created\":1680064028,\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\","
                + "\"amount\":2000,\"currency\":\"usd\",\"status\":\"succeeded\"}},\"livemode\":false,"
                + "\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null},"
                + "\"type\":\"payment_intent.succeeded\"}"),
        List.of(),
        recorder ->
            recorder.receiver(
                Stripe.receiver(STRIPE_SECRET)
                    .on("customer.*", Customer.class, recorder.typed())
                    .on("customer.updated", recorder.previous(Customer.class))),
        (input, now) -> {
          String t = Long.toString(now.getEpochSecond());
          return request(input, "application/json; charset=utf-8")
              .header(
                  "Stripe-Signature",
                  "t="
                      + t
                      + ",v1="
                      + hex(hmacSha256(utf8(STRIPE_SECRET), concat(utf8(t + "."), input.body()))))
              .build();
        },
        (input, event) -> inBody(input, event.topic(), event.id()));
  }

  static FuzzTarget gitHub() {
    return gitHub("github", "application/json", body -> body);
  }

  /**
   * GitHub's deliveries of a webhook whose content type is form: each mutant of the JSON is
   * form-encoded byte by byte into the one field {@code payload}, and the form is signed.
   */
  static FuzzTarget gitHubForm() {
    return gitHub("github-form", "application/x-www-form-urlencoded", FuzzTargets::payloadForm);
  }

  private static byte[] payloadForm(byte[] json) {
    StringBuilder form = new StringBuilder("payload=");
    for (byte b : json) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "*-._".indexOf(c) >= 0) {
        form.append(c);
      } else if (c == ' ') {
        form.append('+');
      } else {
        form.append('%').append(String.format("%02X", (int) c));
      }
    }
    return form.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static FuzzTarget gitHub(String target, String contentType, UnaryOperator<byte[]> wire) {
    List<FuzzInput> samples = new ArrayList<>();
    String delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    samples.addAll(
        samples(
            List.of("X-GitHub-Event", "pull_request", "X-GitHub-Delivery", delivery),
            "{\"action\":\"opened\",\"number\":7,\"pull_request\":{\"id\":1,\"title\":\"Fix\"},"
                + "\"repository\":{\"id\":35129377,\"full_name\":\"o/r\"},\"sender\":{\"login\":\"x\"}}"));
    samples.addAll(
        samples(
            List.of("X-GitHub-Event", "ping", "X-GitHub-Delivery", "d1"),
            "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,\"hook\":{\"active\":true}}"));
    samples.addAll(
        samples(
            List.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d2"),
            "{\"ref\":\"refs/heads/main\",\"before\":\"0000\",\"after\":\"1111\","
                + "\"commits\":[{\"id\":\"1111\",\"message\":\"m\"}],\"repository\":{\"id\":1}}"));
    return new FuzzTarget(
        target,
        samples,
        List.of("X-GitHub-Event", "X-GitHub-Delivery"),
        recorder ->
            recorder.receiver(
                GitHub.receiver(GITHUB_SECRET)
                    .on("pull_request.*", PullRequestEvent.class, recorder.typed())),
        (input, now) -> {
          byte[] body = wire.apply(input.body());
          return request(input.withBody(body), contentType)
              .header("X-Hub-Signature-256", "sha256=" + hex(hmacSha256(utf8(GITHUB_SECRET), body)))
              .build();
        },
        (input, event) -> {
          String name = input.headers().get("X-GitHub-Event");
          if (!event.id().equals(input.headers().get("X-GitHub-Delivery"))) {
            return "id " + event.id() + " is not the delivery header";
          }
          if (event.topic().equals(name)) {
            return null;
          }
          return event.topic().startsWith(name + ".")
              ? inBody(input, event.topic().substring(name.length() + 1))
              : "topic " + event.topic() + " is neither the event header nor header.action";
        });
  }

  static FuzzTarget arta() {
    return new FuzzTarget(
        "arta",
        samples(
            "{\"data\":{\"id\":432672},\"object\":\"webhook\",\"type\":\"ping\"}",
            "{\"data\":{\"id\":\"9c67b26c\",\"status\":\"in_transit\",\"total\":1200,"
                + "\"created_at\":\"2021-10-27T16:48:38.657228\"},\"object\":\"shipment\","
                + "\"type\":\"shipment.status.updated\"}",
            "{\"data\":{\"id\":\"r1\",\"status\":\"quoted\"},\"object\":\"request\","
                + "\"type\":\"request.created\"}"),
        List.of(),
        recorder ->
            recorder.receiver(
                Arta.receiver(
                        HmacSignature.builder()
                            .signatureHeader("X-Arta-Signature")
                            .secrets(ARTA_SECRET)
                            .build())
                    .on("shipment.*", Shipment.class, recorder.typed())),
        (input, now) ->
            request(input, "application/json")
                .header("X-Arta-Signature", hex(hmacSha256(utf8(ARTA_SECRET), input.body())))
                .build(),
        (input, event) ->
            !event.id().equals(sha256Hex(input.body()))
                ? "id " + event.id() + " is not the body's SHA-256"
                : inBody(input, event.topic()));
  }

  static FuzzTarget shopify() {
    List<FuzzInput> samples = new ArrayList<>();
    samples.addAll(
        samples(
            List.of(
                "X-Shopify-Topic",
                "orders/create",
                "X-Shopify-Webhook-Id",
                "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Triggered-At",
                "2024-07-01T14:15:30.123456789Z"),
            "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"currency\":\"USD\","
                + "\"total_price\":\"408.00\",\"line_items\":[{\"id\":866550311766439020,"
                + "\"title\":\"Aviator sunglasses\",\"quantity\":1,\"price\":\"199.00\"}]}"));
    samples.addAll(
        samples(
            List.of("X-Shopify-Topic", "products/create", "X-Shopify-Webhook-Id", "123456789"),
            "{\"foo\": \"bar\"}"));
    samples.addAll(
        samples(
            List.of(
                "X-Shopify-Topic",
                "customers/update",
                "X-Shopify-Webhook-Id",
                "w-3",
                "X-Shopify-Triggered-At",
                "2024-07-01T10:15:30-04:00"),
            "{\"id\":115310627314723954,\"email\":\"john@example.com\",\"first_name\":\"John\"}"));
    return new FuzzTarget(
        "shopify",
        samples,
        List.of("X-Shopify-Topic", "X-Shopify-Webhook-Id", "X-Shopify-Triggered-At"),
        recorder ->
            recorder.receiver(
                Shopify.receiver(SHOPIFY_SECRET)
                    .on("orders/create", ShopifyOrder.class, recorder.typed())),
        (input, now) ->
            request(input, "application/json")
                .header(
                    "X-Shopify-Hmac-Sha256", base64(hmacSha256(utf8(SHOPIFY_SECRET), input.body())))
                .build(),
        (input, event) -> {
          if (!event.idempotencyKey().equals("shopify|" + sha256Hex(input.body()))) {
            return "key " + event.idempotencyKey() + " is not the body's SHA-256";
          }
          if (!event.id().equals(input.headers().get("X-Shopify-Webhook-Id"))) {
            return "id " + event.id() + " is not the webhook id header";
          }
          return event.topic().equals(input.headers().get("X-Shopify-Topic"))
              ? null
              : "topic " + event.topic() + " is not the topic header";
        });
  }

  static FuzzTarget slack() {
    return new FuzzTarget(
        "slack",
        samples(
            "{\"token\":\"XXYYZZ\",\"team_id\":\"T061EG9R6\",\"api_app_id\":\"A0MDYCDME\","
                + "\"event\":{\"type\":\"app_mention\",\"user\":\"U061F7AUR\","
                + "\"text\":\"<@U0LAN0Z89> hello\",\"ts\":\"1515449522.000016\","
                + "\"channel\":\"C0LAN2Q65\",\"event_ts\":\"1515449522.000016\"},"
                + "\"type\":\"event_callback\",\"event_id\":\"Ev0LAN670R\",\"event_time\":1515449522}",
            "{\"type\":\"event_callback\",\"event_id\":\"Ev2\",\"event_time\":1700000000,"
                + "\"event\":{\"type\":\"message\",\"subtype\":\"message_changed\","
                + "\"channel\":\"C1\",\"message\":{\"text\":\"edited\"}}}",
            "{\"type\":\"event_callback\",\"event_id\":\"Ev3\",\"event\":{\"type\":\"reaction_added\","
                + "\"user\":\"U1\",\"reaction\":\"thumbsup\",\"item\":{\"type\":\"message\"}}}"),
        List.of(),
        recorder ->
            recorder.receiver(
                Slack.receiver(SLACK_SECRET)
                    .on("app_mention", SlackMention.class, recorder.typed())),
        (input, now) -> {
          String timestamp = Long.toString(now.getEpochSecond());
          return request(input, "application/json")
              .header("X-Slack-Request-Timestamp", timestamp)
              .header(
                  "X-Slack-Signature",
                  "v0="
                      + hex(
                          hmacSha256(
                              utf8(SLACK_SECRET),
                              concat(utf8("v0:" + timestamp + ":"), input.body()))))
              .build();
        },
        (input, event) ->
            event.idempotencyKey().equals("slack|" + event.id())
                ? inBody(input, event.topic(), event.id())
                : "key " + event.idempotencyKey() + " is not slack| and the event id");
  }

  static FuzzTarget json() {
    return new FuzzTarget(
        "json",
        samples(
            "{\"id\":\"ord_1\",\"type\":\"order.created\",\"data\":{\"id\":1001,\"total\":12.50,"
                + "\"lines\":[{\"sku\":\"A\",\"quantity\":2}]}}",
            "{\"type\":\"order.cancelled\",\"data\":{\"id\":1002}}",
            "{\"type\":\"customer.created\",\"name\":\"no data field\"}"),
        List.of(),
        recorder ->
            recorder.receiver(
                WebhookReceiver.builder()
                    .verifier(
                        HmacSignature.builder()
                            .signatureHeader("X-Signature")
                            .prefix("sha256=")
                            .encoding(SignatureEncoding.BASE64)
                            .secrets(JSON_SECRET)
                            .build())
                    .reader(JsonEventReader.of("orders", "type", "id", "data"))
                    .on("order.*", Order.class, recorder.typed())),
        (input, now) ->
            request(input, "application/json")
                .header(
                    "X-Signature", "sha256=" + base64(hmacSha256(utf8(JSON_SECRET), input.body())))
                .build(),
        (input, event) ->
            event.id().equals(sha256Hex(input.body()))
                ? inBody(input, event.topic())
                : inBody(input, event.topic(), event.id()));
  }

  private static WebhookRequest.Builder request(FuzzInput input, String contentType) {
    WebhookRequest.Builder request =
        WebhookRequest.builder()
            .method("POST")
            .path("/webhooks")
            .header("Content-Type", contentType)
            .body(input.body());
    input.headers().forEach(request::header);
    return request;
  }

  /** Why one of the values is not a string of the body, or null when all are. */
  static String inBody(FuzzInput input, String... values) {
    Set<String> strings = strings(input.body());
    if (strings == null) {
      return "an event was handled from a body that is not JSON";
    }
    for (String value : values) {
      if (!strings.contains(value)) {
        return "\"" + abbreviate(value) + "\" is no string of the signed body";
      }
    }
    return null;
  }

  /** Every string value of the JSON body, read with a plain parser; null if it is not JSON. */
  private static Set<String> strings(byte[] body) {
    Set<String> strings = new HashSet<>();
    try (JsonParser parser = new JsonFactory().createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          strings.add(parser.getText());
        }
      }
      return strings;
    } catch (IOException e) {
      return null;
    }
  }

  static String abbreviate(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "…(" + text.length() + " chars)" : text;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<FuzzInput> samples(String... bodies) {
    return samples(List.of(), bodies);
  }

  /** The bodies, each with the headers. */
  private static List<FuzzInput> samples(List<String> headers, String... bodies) {
    List<FuzzInput> samples = new ArrayList<>();
    for (String body : bodies) {
      samples.add(FuzzInput.of(body, headers.toArray(new String[0])));
    }
    return samples;
  }

  /** Every file under the test fixtures (the shared fixtures, copied), seeds for every target. */
  static List<byte[]> fixtures() {
    try (Stream<Path> files =
        Files.walk(Path.of(FuzzTargets.class.getResource("/fixtures").toURI()))) {
      return files
          .filter(Files::isRegularFile)
          .sorted()
          .map(
              file -> {
                try {
                  return Files.readAllBytes(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
