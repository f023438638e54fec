package dev.hookline.receiver.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Signs a body the way a sender does and returns the headers to send with it: the signature and,
 * depending on the scheme, the timestamp and message id headers. A request carrying them passes the
 * verifier of the same {@link SignatureScheme} with the same secret. Implementations are immutable
 * and thread-safe; {@link SignatureScheme#signer(String)} creates them.
 *
 * <pre>{@code
 * WebhookSigner signer = Lucca.PROVIDER.scheme().orElseThrow().signer(secret);
 * Map<String, String> headers = signer.sign(body, Instant.now());
 * }</pre>
 */
@FunctionalInterface
public interface WebhookSigner {

  /**
   * The headers signing {@code body} at {@code at}, in the order a sender writes them, the
   * signature header last.
   *
   * @param id the message id for schemes that sign one (Standard Webhooks' {@code webhook-id});
   *     ignored by the others
   * @param body the raw body bytes
   * @param at the send time; schemes with a timestamp sign it truncated to their unit
   * @throws IllegalArgumentException if the scheme signs other headers: use {@link #sign(String,
   *     byte[], Instant, Map)}
   */
  Map<String, String> sign(String id, byte[] body, Instant at);

  /**
   * The headers signing {@code body} at {@code at}, for schemes whose signed content also names
   * other headers ({@code {header:name}}).
   *
   * @param headers the values of the other headers the request will carry (names case-insensitive);
   *     not copied into the result. Schemes that sign no other header ignore them, which is the
   *     default.
   * @throws IllegalArgumentException if the signed content names a header {@code headers} lacks
   */
  default Map<String, String> sign(
      String id, byte[] body, Instant at, Map<String, String> headers) {
    return sign(id, body, at);
  }

  /** The headers signing {@code body} at {@code at}, with the message id {@link #idFor(byte[])}. */
  default Map<String, String> sign(byte[] body, Instant at) {
    return sign(idFor(body), body, at);
  }

  /** Signs a UTF-8 text body; see {@link #sign(byte[], Instant)}. */
  default Map<String, String> sign(String body, Instant at) {
    return sign(body.getBytes(StandardCharsets.UTF_8), at);
  }

  /**
   * A message id derived from the body, {@code msg_} and 24 hex digits of its SHA-256: the same
   * body gets the same id, so a re-sent copy is a duplicate for schemes whose id is the key.
   */
  static String idFor(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "msg_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
