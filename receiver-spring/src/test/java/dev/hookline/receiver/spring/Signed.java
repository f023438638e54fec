package dev.hookline.receiver.spring;

import dev.hookline.receiver.core.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signed Lucca delivery for the starter's tests, in every feature package: its headers and body.
 */
public record Signed(Map<String, String> headers, byte[] body) {

  public static final String LUCCA_SECRET = "spring-lucca-secret";

  public static byte[] employee(String id, String topic) {
    try (InputStream in =
        Signed.class.getResourceAsStream("/fixtures/lucca/event.employee.updated.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("\"id\": \"123\"", "\"id\": \"" + id + "\"")
          .replace("\"topic\": \"employee.updated\"", "\"topic\": \"" + topic + "\"")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Signed lucca(byte[] body) {
    return lucca(body, Instant.now());
  }

  public static Signed lucca(byte[] body, Instant at) {
    String timestamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Lucca-Timestamp", timestamp);
    headers.put("Lucca-Signature", Base64.getEncoder().encodeToString(hmac(LUCCA_SECRET, content)));
    return new Signed(headers, body);
  }

  public static byte[] hmac(String secret, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public WebhookRequest request(String path) {
    WebhookRequest.Builder builder = WebhookRequest.builder().path(path).body(body);
    headers.forEach(builder::header);
    return builder.build();
  }
}
