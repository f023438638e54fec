package dev.hookline.receiver.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What an adapter writes back: a status, headers and a body. Bodies are short plain text and never
 * echo secrets or signatures.
 *
 * @param status the HTTP status code
 * @param headers response headers (name to value), e.g. {@code Content-Type}, {@code Allow}
 * @param body the body bytes; empty for a plain acknowledgement
 */
public record WebhookResponse(int status, Map<String, String> headers, byte[] body) {

  /** The content type of every text body Hookline writes. */
  public static final String TEXT_PLAIN_UTF8 = "text/plain; charset=UTF-8";

  /** Validates the status and copies headers and body. */
  public WebhookResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, but was " + status);
    }
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /** A response with no headers and no body. */
  public static WebhookResponse of(int status) {
    return new WebhookResponse(status, Map.of(), new byte[0]);
  }

  /**
   * A {@code text/plain; charset=UTF-8} response with extra headers, and {@code
   * X-Content-Type-Options: nosniff}: a text may quote what the request sent (its content type, a
   * challenge), which no browser may then read as anything but text.
   */
  public static WebhookResponse text(int status, String message, Map<String, String> extraHeaders) {
    Objects.requireNonNull(message, "message");
    Map<String, String> headers = new java.util.LinkedHashMap<>(extraHeaders);
    headers.put("Content-Type", TEXT_PLAIN_UTF8);
    headers.put("X-Content-Type-Options", "nosniff");
    return new WebhookResponse(status, headers, message.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code text/plain; charset=UTF-8} response. */
  public static WebhookResponse text(int status, String message) {
    return text(status, message, Map.of());
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Returns a copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookResponse response
        && status == response.status
        && headers.equals(response.headers)
        && java.util.Arrays.equals(body, response.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "WebhookResponse[" + status + " " + headers + " " + bodyText() + "]";
  }
}
