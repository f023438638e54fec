package dev.hookline.receiver.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Signs a body the way a sender does and returns the headers to send with it: the signature and,
 * depending on the scheme, the timestamp and message id headers. Implementations are immutable and
 * thread-safe; {@link Signers} creates them.
 */
@FunctionalInterface
public interface WebhookSigner {

  /**
   * The headers signing {@code body} at {@code at}, in the order a sender writes them, the
   * signature header last ({@link SignedRequests#withoutSignature()} drops the last one).
   *
   * @param id the message id for schemes that sign one (Standard Webhooks' {@code webhook-id});
   *     ignored by the others
   * @param body the raw body bytes
   * @param at the send time; schemes with a timestamp sign it truncated to their unit
   */
  Map<String, String> sign(String id, byte[] body, Instant at);

  /**
   * The headers signing {@code body} at {@code at}, with a message id derived from the body (see
   * {@link Signers#idFor(byte[])}).
   */
  default Map<String, String> sign(byte[] body, Instant at) {
    return sign(Signers.idFor(body), body, at);
  }

  /** Signs a UTF-8 text body; see {@link #sign(byte[], Instant)}. */
  default Map<String, String> sign(String body, Instant at) {
    return sign(body.getBytes(StandardCharsets.UTF_8), at);
  }
}
