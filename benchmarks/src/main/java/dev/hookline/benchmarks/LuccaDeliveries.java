package dev.hookline.benchmarks;

import dev.hookline.receiver.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The benchmark input: the Lucca {@code employee.updated} fixture, made distinct per delivery, and
 * the signatures each sender scheme puts on it.
 *
 * <p>Delivery {@code i} is the fixture with its event id {@code "123"} (in {@code id} and in {@code
 * url}) replaced by the nine-digit id {@code 100000000 + i}, so every delivery has the same length
 * ({@link #bodySize()}) and a key the idempotency store has never seen.
 */
public final class LuccaDeliveries {

  /** The fixture: Lucca's published example, as the test kit ships it. */
  static final String FIXTURE = "lucca/event.employee.updated.json";

  /** Lucca endpoint secret (used as UTF-8 key bytes). */
  public static final String LUCCA_SECRET = "lucca-benchmark-endpoint-secret";

  /** Standard Webhooks / Svix secret: {@code whsec_} + the base64 of the key bytes. */
  static final String SVIX_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** Stripe endpoint secret (used as UTF-8 key bytes). */
  static final String STRIPE_SECRET = "whsec_stripe_benchmark_endpoint_secret";

  private static final String TEMPLATE = Fixtures.published(FIXTURE);
  private static final String ID_FIELD = "\"id\": \"123\"";
  private static final String URL_FIELD = "/lucca-api/events/123\"";

  static {
    if (TEMPLATE.indexOf(ID_FIELD) < 0 || TEMPLATE.indexOf(URL_FIELD) < 0) {
      throw new IllegalStateException(FIXTURE + " no longer carries the event id 123");
    }
  }

  private LuccaDeliveries() {}

  /** The event id of delivery {@code i}. */
  public static String eventId(int i) {
    return Integer.toString(100_000_000 + i);
  }

  /** The JSON text of delivery {@code i}. */
  static String json(int i) {
    String id = eventId(i);
    return TEMPLATE
        .replace(ID_FIELD, "\"id\": \"" + id + "\"")
        .replace(URL_FIELD, "/lucca-api/events/" + id + "\"");
  }

  /** The raw body bytes of delivery {@code i}. */
  public static byte[] body(int i) {
    return json(i).getBytes(StandardCharsets.UTF_8);
  }

  /** The size of every delivery body, in bytes. */
  static int bodySize() {
    return body(0).length;
  }

  /** The size of the unmodified fixture, in bytes. */
  static int fixtureSize() {
    return TEMPLATE.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Now, to the second, as Lucca writes it in {@code Lucca-Timestamp}: {@code 2025-…T…Z}. */
  public static String luccaTimestamp() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Now in Unix seconds, as Stripe and Standard Webhooks sign it. */
  static long unixSeconds() {
    return Instant.now().getEpochSecond();
  }

  /** {@code Lucca-Signature}: base64(HMAC-SHA256(secret, timestamp + "." + body)). */
  static String luccaSignature(String timestamp, byte[] body) {
    return luccaSignature(luccaMac(), timestamp, body);
  }

  /**
   * {@code Lucca-Signature} with a MAC of {@link #luccaMac()}, reused: {@code doFinal} resets it.
   * Not thread-safe, as the MAC is not.
   */
  public static String luccaSignature(Mac luccaMac, String timestamp, byte[] body) {
    luccaMac.update(timestamp.getBytes(StandardCharsets.UTF_8));
    luccaMac.update((byte) '.');
    luccaMac.update(body);
    return Base64.getEncoder().encodeToString(luccaMac.doFinal());
  }

  /** An HMAC-SHA256 initialised with {@link #LUCCA_SECRET} (as UTF-8). */
  public static Mac luccaMac() {
    return hmacSha256(LUCCA_SECRET.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code svix-signature}: {@code v1,} base64(HMAC-SHA256(key, id + "." + ts + "." + body)). */
  static String svixSignature(String messageId, long timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(SVIX_SECRET.substring("whsec_".length()));
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, messageId + "." + timestamp, body));
  }

  /** {@code Stripe-Signature}: {@code t=ts,v1=} hex(HMAC-SHA256(secret, ts + "." + body)). */
  static String stripeSignature(long timestamp, byte[] body) {
    byte[] mac =
        hmac(STRIPE_SECRET.getBytes(StandardCharsets.UTF_8), Long.toString(timestamp), body);
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac);
  }

  /**
   * A full GC, outside the measured time: the ring of signed deliveries (up to a gigabyte of small
   * objects) moves to the old generation at once instead of being copied between survivor spaces by
   * the young collections of the first measured iterations, and the previous iteration's store is
   * gone.
   */
  static void settleHeap() {
    System.gc();
  }

  /** An initialised HMAC-SHA256 for the key. */
  static Mac hmacSha256(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, String prefix, byte[] body) {
    Mac mac = hmacSha256(key);
    mac.update(prefix.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(body);
    return mac.doFinal();
  }
}
