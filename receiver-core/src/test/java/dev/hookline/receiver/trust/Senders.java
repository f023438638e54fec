package dev.hookline.receiver.trust;

import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.core.WebhookRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Deliveries signed now as Standard Webhooks, Stripe, Shopify and Slack senders sign them, written
 * apart from the main code, and the edits an attacker makes to a captured request.
 */
final class Senders {

  static final String SECRET = "trust-tests-secret";
  static final String STANDARD_WEBHOOKS_SECRET =
      "whsec_" + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));

  private Senders() {}

  /** A Standard Webhooks message whose (signed) {@code webhook-id} is the id. */
  static WebhookRequest standardWebhooks(String id) {
    return standardWebhooksSigned(
        id, "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{}}");
  }

  /** A Standard Webhooks message of this body, its (signed) {@code webhook-id} the id. */
  static WebhookRequest standardWebhooksSigned(String id, String body) {
    return standardWebhooksSigned(id, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A Standard Webhooks message of these bytes, its (signed) {@code webhook-id} the id. */
  static WebhookRequest standardWebhooksSigned(String id, byte[] body) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    content.writeBytes(body);
    byte[] mac = TestRequests.hmac(SECRET.getBytes(StandardCharsets.UTF_8), content.toByteArray());
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp)
        .header("webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac))
        .body(body)
        .build();
  }

  /** A Stripe {@code customer.created} event with the id in its (signed) body. */
  static WebhookRequest stripe(String id) {
    return stripeSigned(
        "{\"id\":\""
            + id
            + "\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":1700000000,"
            + "\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}");
  }

  /** A body signed now as Stripe signs it: {@code <timestamp>.<body>}. */
  static WebhookRequest stripeSigned(String body) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header(
            "Stripe-Signature",
            "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(timestamp + "." + body)))
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /**
   * A Shopify {@code orders/create} whose (signed) body holds the id, with the unsigned topic,
   * webhook id and triggered-at headers.
   */
  static WebhookRequest shopify(String id) {
    byte[] body =
        ("{\"id\":\"" + id + "\",\"email\":\"jon@example.com\",\"total_price\":\"408.00\"}")
            .getBytes(StandardCharsets.UTF_8);
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("X-Shopify-Topic", "orders/create")
        .header("X-Shopify-Webhook-Id", "webhook-" + id)
        .header("X-Shopify-Triggered-At", "2026-01-01T00:00:00.123456789Z")
        .header(
            "X-Shopify-Hmac-Sha256",
            Base64.getEncoder()
                .encodeToString(TestRequests.hmac(SECRET.getBytes(StandardCharsets.UTF_8), body)))
        .body(body)
        .build();
  }

  /** A Slack {@code app_mention} event callback with the id as its (signed) {@code event_id}. */
  static WebhookRequest slack(String id) {
    return slackSigned(
        "{\"type\":\"event_callback\",\"event_id\":\""
            + id
            + "\",\"event_time\":1700000000,"
            + "\"event\":{\"type\":\"app_mention\",\"text\":\"<@U0LAN0Z89> hello\"}}");
  }

  /** A body signed now as Slack signs it: {@code v0:<timestamp>:<body>}. */
  static WebhookRequest slackSigned(String body) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("X-Slack-Request-Timestamp", timestamp)
        .header(
            "X-Slack-Signature",
            "v0=" + HexFormat.of().formatHex(hmac("v0:" + timestamp + ":" + body)))
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** A GitHub {@code pull_request} delivery whose (signed) body holds the id. */
  static WebhookRequest gitHub(String id) {
    return withHeaders(
        bodyHmac(
            "X-Hub-Signature-256", "sha256=", "{\"action\":\"opened\",\"number\":\"" + id + "\"}"),
        "X-GitHub-Event",
        "pull_request",
        "X-GitHub-Delivery",
        "delivery-" + id);
  }

  /** The body signed alone, hex, in the given header (GitHub without its prefix, Arta, custom). */
  static WebhookRequest bodyHmac(String header, String prefix, String body) {
    return bodyHmac(header, prefix, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The body's bytes signed alone, hex, in the given header. */
  static WebhookRequest bodyHmac(String header, String prefix, byte[] body) {
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header(
            header,
            prefix
                + HexFormat.of()
                    .formatHex(TestRequests.hmac(SECRET.getBytes(StandardCharsets.UTF_8), body)))
        .body(body)
        .build();
  }

  /** The request with one header's values replaced by the value. */
  static WebhookRequest replaced(WebhookRequest request, String header, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers().asMap());
    headers.put(header.toLowerCase(Locale.ROOT), List.of(value));
    return copy(request, headers).build();
  }

  /** The request with more header values added. */
  static WebhookRequest withHeaders(WebhookRequest request, String... namesAndValues) {
    WebhookRequest.Builder builder = copy(request);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      builder.header(namesAndValues[i], namesAndValues[i + 1]);
    }
    return builder.build();
  }

  /** A builder holding everything of the request. */
  static WebhookRequest.Builder copy(WebhookRequest request) {
    return copy(request, request.headers().asMap());
  }

  private static WebhookRequest.Builder copy(
      WebhookRequest request, Map<String, List<String>> headers) {
    WebhookRequest.Builder builder =
        WebhookRequest.builder()
            .method(request.method())
            .path(request.path())
            .headers(headers)
            .body(request.body());
    request.query().forEach((name, values) -> values.forEach(v -> builder.queryParameter(name, v)));
    return builder;
  }

  private static byte[] hmac(String content) {
    return TestRequests.hmac(
        SECRET.getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8));
  }
}
