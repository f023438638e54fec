package dev.hookline.samples.spring;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs bodies the way each sender does; returns the headers to send with the body. */
final class Signing {

  private Signing() {}

  /** Lucca: base64(HMAC-SHA256(secret, timestamp + "." + body)), ISO-8601 timestamp. */
  static Map<String, String> lucca(String secret, byte[] body) {
    String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, String> headers = json();
    headers.put("Lucca-Timestamp", timestamp);
    headers.put(
        "Lucca-Signature",
        Base64.getEncoder().encodeToString(hmac(utf8(secret), utf8(timestamp + "."), body)));
    return headers;
  }

  /** Standard Webhooks v1: the key is the base64 after whsec_, over id.timestamp.body. */
  static Map<String, String> standardWebhooks(String secret, String id, byte[] body) {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    Map<String, String> headers = json();
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", timestamp);
    headers.put(
        "webhook-signature",
        "v1,"
            + Base64.getEncoder()
                .encodeToString(hmac(key, utf8(id + "." + timestamp + "."), body)));
    return headers;
  }

  /** GitHub: sha256= + hex HMAC-SHA256 of the body, with the event name and delivery id. */
  static Map<String, String> gitHub(String secret, String event, String delivery, byte[] body) {
    Map<String, String> headers = json();
    headers.put("X-GitHub-Event", event);
    headers.put("X-GitHub-Delivery", delivery);
    headers.put("X-Hub-Signature-256", "sha256=" + hex(hmac(utf8(secret), new byte[0], body)));
    return headers;
  }

  /** Stripe: t=<unix>,v1=<hex HMAC-SHA256 keyed with the whole secret, over t.body>. */
  static Map<String, String> stripe(String secret, byte[] body) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    Map<String, String> headers = json();
    headers.put(
        "Stripe-Signature",
        "t=" + timestamp + ",v1=" + hex(hmac(utf8(secret), utf8(timestamp + "."), body)));
    return headers;
  }

  /** The sample's Arta scheme: X-Arta-Signature = hex HMAC-SHA256 of the body. */
  static Map<String, String> arta(String secret, byte[] body) {
    Map<String, String> headers = json();
    headers.put("X-Arta-Signature", hex(hmac(utf8(secret), new byte[0], body)));
    return headers;
  }

  private static Map<String, String> json() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    return headers;
  }

  private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
