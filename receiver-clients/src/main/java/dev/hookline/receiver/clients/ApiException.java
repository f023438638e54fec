package dev.hookline.receiver.clients;

import dev.hookline.receiver.core.WebhookException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider API call failed: the server answered an error status, or no usable answer came. It
 * carries the operation (e.g. {@code lucca.endpoints.get}), the HTTP status ({@link #NO_STATUS}
 * when no response arrived) and a short excerpt of the response body. Neither the message nor the
 * excerpt ever holds a client secret, an API key or an access token.
 */
public class ApiException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** The status of an exception raised before any response arrived (timeout, I/O error). */
  public static final int NO_STATUS = 0;

  /** The longest body excerpt kept, in characters. */
  public static final int MAX_EXCERPT_LENGTH = 300;

  private final int status;
  private final String operation;
  private final String bodyExcerpt;
  private final @Nullable String requestId;

  /**
   * Creates an exception.
   *
   * @param operation the operation that failed
   * @param status the HTTP status, or {@link #NO_STATUS}
   * @param bodyExcerpt an excerpt of the response body, already bounded and redacted; may be empty
   * @param requestId the provider's request id header, or null
   * @param message what happened
   * @param cause the cause, or null
   */
  public ApiException(
      String operation,
      int status,
      String bodyExcerpt,
      @Nullable String requestId,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.operation = Objects.requireNonNull(operation, "operation");
    this.status = status;
    this.bodyExcerpt = Objects.requireNonNull(bodyExcerpt, "bodyExcerpt");
    this.requestId = requestId;
  }

  /** The HTTP status the server answered, or {@link #NO_STATUS} if none arrived. */
  public int status() {
    return status;
  }

  /** The operation that failed, e.g. {@code lucca.endpoints.create}. */
  public String operation() {
    return operation;
  }

  /**
   * At most {@value #MAX_EXCERPT_LENGTH} characters of the response body, control characters
   * replaced; empty when there was no body.
   */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }

  /** The provider's request id (e.g. Arta's {@code x-arta-request-id}), when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * Shortens a body to {@link #MAX_EXCERPT_LENGTH} characters, replaces control characters and
   * masks every given secret that occurs in it.
   *
   * @param body the body text, may be null
   * @param secrets values that must never appear (null entries are skipped)
   * @return the excerpt, empty for a null or empty body
   */
  public static String excerpt(
      @Nullable String body, Iterable<? extends @Nullable String> secrets) {
    if (body == null || body.isEmpty()) {
      return "";
    }
    String text = body;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        text = text.replace(secret, "***");
      }
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_EXCERPT_LENGTH + 1));
    for (int i = 0; i < text.length() && out.length() < MAX_EXCERPT_LENGTH; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > MAX_EXCERPT_LENGTH) {
      out.append('…');
    }
    return out.toString();
  }
}
