package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signed Lucca deliveries, signed the way Lucca does, independently of the main code. */
final class LuccaDeliveries {

  static final String SECRET = "jdbc-store-test-secret-0123456789abcdef";

  private LuccaDeliveries() {}

  /** An employee.updated delivery of the event id, signed now; its key is {@code source|id}. */
  static WebhookRequest employeeUpdated(String eventId) {
    String body =
        """
        {"id": "%s", "type": "event", "topic": "employee.updated",
         "source": "https://example.ilucca.net", "occurredAt": "2024-02-01T09:34:23.001Z",
         "data": {"id": "416", "type": "employee", "givenName": "Edward"}}
        """
            .formatted(eventId);
    return signed(body.getBytes(StandardCharsets.UTF_8), Instant.now());
  }

  private static WebhookRequest signed(byte[] body, Instant at) {
    String timestamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    String signature = Base64.getEncoder().encodeToString(hmac(content));
    return WebhookRequest.builder()
        .method("POST")
        .path("/webhooks/lucca")
        .header("Content-Type", "application/json")
        .header("Lucca-Timestamp", timestamp)
        .header("Lucca-Signature", signature)
        .body(body)
        .build();
  }

  private static byte[] hmac(byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
