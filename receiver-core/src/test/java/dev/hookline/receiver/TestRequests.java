package dev.hookline.receiver;

import dev.hookline.receiver.core.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs requests the way senders do, independently of the main code, for receiver tests. */
public final class TestRequests {

  public static final String LUCCA_SECRET =
      "b3YGydKxao0CYEg4-2LM81rviT-vl2JzKyf_zlewRn0cpoHzh4mRLj5_Ty5neQta";

  private TestRequests() {}

  public static byte[] resource(String path) {
    try (InputStream in = TestRequests.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Lucca employee.updated fixture, as published. */
  public static byte[] employeeUpdated() {
    return resource("/fixtures/lucca/event.employee.updated.json");
  }

  /** The fixture with another event id, so that it is a distinct event. */
  public static byte[] employeeUpdated(String id) {
    String body = new String(employeeUpdated(), StandardCharsets.UTF_8);
    return body.replace("\"id\": \"123\"", "\"id\": \"" + id + "\"")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Lucca POST signed now with the test secret. */
  public static WebhookRequest.Builder lucca(byte[] body) {
    return lucca(body, LUCCA_SECRET, Instant.now());
  }

  /** A Lucca POST signed with the secret at the instant. */
  public static WebhookRequest.Builder lucca(byte[] body, String secret, Instant at) {
    String timestamp = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    String signature =
        Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8), content));
    return WebhookRequest.builder()
        .method("POST")
        .path("/webhooks/lucca")
        .header("Content-Type", "application/json")
        .header("Lucca-Timestamp", timestamp)
        .header("Lucca-Signature", signature)
        .body(body);
  }
}
