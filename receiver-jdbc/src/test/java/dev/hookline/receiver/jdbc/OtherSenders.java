package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Standard Webhooks and Stripe deliveries signed now, for tests of endpoints sharing a store. */
final class OtherSenders {

  static final byte[] KEY = "jdbc-other-senders-key".getBytes(StandardCharsets.UTF_8);
  static final String STANDARD_WEBHOOKS_SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
  static final String STRIPE_SECRET = new String(KEY, StandardCharsets.UTF_8);

  private OtherSenders() {}

  /** A Standard Webhooks message whose (signed) {@code webhook-id} is the id. */
  static WebhookRequest standardWebhooks(String id) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String body = "{\"type\":\"invoice.paid\",\"data\":{}}";
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp)
        .header(
            "webhook-signature",
            "v1," + Base64.getEncoder().encodeToString(hmac(id + "." + timestamp + "." + body)))
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** A Stripe event with the id in its (signed) body. */
  static WebhookRequest stripe(String id) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String body =
        "{\"id\":\""
            + id
            + "\",\"object\":\"event\",\"type\":\"customer.created\","
            + "\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header(
            "Stripe-Signature",
            "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(timestamp + "." + body)))
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static byte[] hmac(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
