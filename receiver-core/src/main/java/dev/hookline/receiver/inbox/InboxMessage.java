package dev.hookline.receiver.inbox;

import dev.hookline.receiver.internal.LogText;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted event waiting in an {@link Inbox}: the verified request it came in (headers and raw
 * body, so that the receiver's reader reads it again exactly), its key and topic, and its
 * processing history. A message returned by {@link Inbox#take} carries the token of the worker's
 * lease.
 *
 * @param key the idempotency key; unique in the inbox
 * @param topic the event's topic, for listings
 * @param headers the request headers (lower-cased names)
 * @param body the raw request body
 * @param attempts how many times processing failed so far
 * @param nextAttemptAt when the message is due
 * @param lastError the last failure, if any
 * @param token the lease token of the worker holding it; empty when not taken
 */
public record InboxMessage(
    String key,
    String topic,
    Map<String, List<String>> headers,
    byte[] body,
    int attempts,
    Instant nextAttemptAt,
    Optional<String> lastError,
    String token) {

  /** Validates and copies. */
  public InboxMessage {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(topic, "topic");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = java.util.Collections.unmodifiableMap(copy);
    body = body.clone();
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(token, "token");
  }

  /** Returns a copy of the raw body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The same message with another history and lease. */
  public InboxMessage with(
      int attempts, Instant nextAttemptAt, Optional<String> lastError, String token) {
    return new InboxMessage(key, topic, headers, body, attempts, nextAttemptAt, lastError, token);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InboxMessage message
        && key.equals(message.key)
        && attempts == message.attempts
        && token.equals(message.token);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, attempts, token);
  }

  /**
   * Key, topic and attempts, with control and invisible characters escaped so that a log line stays
   * one line; never headers or body.
   */
  @Override
  public String toString() {
    return "InboxMessage["
        + LogText.escape(key)
        + " "
        + LogText.escape(topic)
        + ", attempts="
        + attempts
        + "]";
  }
}
