package dev.hookline.benchmarks.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The floor of the HTTP benchmark, as {@code LuccaReceiveBenchmark.floor} defines it: HMAC-SHA256
 * (secret as UTF-8) over {@code Lucca-Timestamp + "." + body} with one initialised {@link Mac} per
 * thread, a constant-time comparison with the base64-decoded {@code Lucca-Signature}, then Jackson
 * {@code readTree} of the body with a plain mapper; the typed floor binds the body to {@link
 * TypedLuccaEvent} instead. Like that benchmark, it does not check the timestamp window.
 * Thread-safe.
 */
public final class LuccaFloor {

  private final ObjectMapper mapper = new ObjectMapper();
  private final ObjectMapper typedMapper = TypedLuccaEvent.mapper();
  private final ThreadLocal<Mac> macs;

  /** A floor for the Lucca endpoint secret. */
  public LuccaFloor(String secret) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    this.macs = ThreadLocal.withInitial(() -> hmacSha256(key));
  }

  /**
   * Verifies the body and parses it.
   *
   * @return the parsed body, or null when a header is missing or the signature does not match
   * @throws IOException if the body is not JSON
   */
  public @Nullable JsonNode verifyAndParse(
      @Nullable String timestamp, @Nullable String signature, byte[] body) throws IOException {
    return verified(timestamp, signature, body) ? mapper.readTree(body) : null;
  }

  /**
   * Verifies the body and binds it to {@link TypedLuccaEvent}, as the typed floor does.
   *
   * @return the bound event, or null when a header is missing or the signature does not match
   * @throws IOException if the body is not JSON or does not bind
   */
  public @Nullable TypedLuccaEvent verifyAndBind(
      @Nullable String timestamp, @Nullable String signature, byte[] body) throws IOException {
    return verified(timestamp, signature, body)
        ? typedMapper.readValue(body, TypedLuccaEvent.class)
        : null;
  }

  private boolean verified(@Nullable String timestamp, @Nullable String signature, byte[] body) {
    if (timestamp == null || signature == null) {
      return false;
    }
    Mac mac = macs.get();
    mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(body);
    byte[] expected = mac.doFinal();
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private static Mac hmacSha256(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
