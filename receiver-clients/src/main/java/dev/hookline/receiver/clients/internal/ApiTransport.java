package dev.hookline.receiver.clients.internal;

import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.ApiTimeoutException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.LogText;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends API requests for the clients of this module: applies the timeout, retries {@code 429} and
 * {@code 503} answers after the {@code Retry-After} they give (seconds or an HTTP date; without
 * one, {@link #DEFAULT_BACKOFF} doubling) at most {@code maxRetries} times and never waiting longer
 * than {@code maxRetryDelay}, and turns every other non-2xx answer, timeout or I/O error into an
 * {@link ApiException}. Immutable and thread-safe.
 */
public final class ApiTransport {

  /** Wait before the first retry when the answer has no usable {@code Retry-After}: 1 second. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ApiTransport.class);

  private final HttpClient http;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration maxRetryDelay;
  private final Clock clock;
  private final @Nullable String requestIdHeader;

  /**
   * Creates a transport.
   *
   * @param http the client to send with; null for a new one whose connect timeout is {@code
   *     timeout}
   * @param timeout time allowed for each request, positive
   * @param maxRetries retries of a 429 or 503 answer, zero or more
   * @param maxRetryDelay longest wait before a retry, zero or more
   * @param clock the clock HTTP-date {@code Retry-After} values are compared with
   * @param requestIdHeader the header carrying the provider's request id, or null
   * @throws WebhookConfigurationException if a value is out of range
   */
  public ApiTransport(
      @Nullable HttpClient http,
      Duration timeout,
      int maxRetries,
      Duration maxRetryDelay,
      Clock clock,
      @Nullable String requestIdHeader) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
    Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new WebhookConfigurationException("timeout must be positive, but was " + timeout);
    }
    if (maxRetries < 0) {
      throw new WebhookConfigurationException(
          "maxRetries must be zero or more, but was " + maxRetries);
    }
    if (maxRetryDelay.isNegative()) {
      throw new WebhookConfigurationException(
          "maxRetryDelay must be zero or more, but was " + maxRetryDelay);
    }
    this.http = http != null ? http : HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.maxRetryDelay = maxRetryDelay;
    this.clock = clock;
    this.requestIdHeader = requestIdHeader;
  }

  /** The clock of this transport. */
  public Clock clock() {
    return clock;
  }

  /**
   * Sends a request until it gets a final answer.
   *
   * @param operation names the call in exceptions and logs, e.g. {@code lucca.endpoints.get}
   * @param request builds the request afresh for each attempt (without timeout; it is added)
   * @param secrets values masked in any body excerpt (client secrets, tokens, keys)
   * @return the 2xx response
   * @throws ApiTimeoutException if no response came within the timeout
   * @throws ApiException for any other non-2xx final answer or an I/O error
   */
  public HttpResponse<byte[]> send(
      String operation, Supplier<HttpRequest.Builder> request, Collection<String> secrets) {
    Objects.requireNonNull(operation, "operation");
    for (int attempt = 0; ; attempt++) {
      HttpRequest built = request.get().timeout(timeout).build();
      HttpResponse<byte[]> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpTimeoutException e) {
        throw new ApiTimeoutException(
            operation, operation + " got no response within " + timeout, e);
      } catch (IOException e) {
        throw new ApiException(
            operation,
            ApiException.NO_STATUS,
            "",
            null,
            operation + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(
            operation, ApiException.NO_STATUS, "", null, operation + " was interrupted", e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response;
      }
      String note = "";
      if (status == 429 || status == 503) {
        if (attempt >= maxRetries) {
          note = " after " + attempt + (attempt == 1 ? " retry" : " retries");
        } else {
          Duration delay = retryDelay(response, attempt);
          if (delay.compareTo(maxRetryDelay) <= 0) {
            log.debug("{} answered {}; retrying in {}", operation, status, delay);
            sleep(operation, delay);
            continue;
          }
          note = "; Retry-After " + delay + " exceeds the limit of " + maxRetryDelay;
        }
      }
      throw error(operation, response, secrets, note);
    }
  }

  private ApiException error(
      String operation, HttpResponse<byte[]> response, Collection<String> secrets, String note) {
    String excerpt = ApiException.excerpt(text(response.body()), secrets);
    String requestId =
        requestIdHeader == null
            ? null
            : response.headers().firstValue(requestIdHeader).orElse(null);
    return new ApiException(
        operation,
        response.statusCode(),
        excerpt,
        requestId,
        operation
            + " failed with HTTP "
            + response.statusCode()
            + note
            + (excerpt.isEmpty() ? "" : ": " + excerpt),
        null);
  }

  private Duration retryDelay(HttpResponse<byte[]> response, int attempt) {
    String value = response.headers().firstValue("Retry-After").orElse("").trim();
    if (!value.isEmpty() && value.length() < 10 && value.chars().allMatch(Character::isDigit)) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (!value.isEmpty()) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration delay = Duration.between(clock.instant(), at.toInstant());
        return delay.isNegative() ? Duration.ZERO : delay;
      } catch (DateTimeException e) {
        log.debug("Ignoring unreadable Retry-After {}", LogText.escape(value));
      }
    }
    Duration backoff = DEFAULT_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
    return backoff.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : backoff;
  }

  private static void sleep(String operation, Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          operation,
          ApiException.NO_STATUS,
          "",
          null,
          operation + " was interrupted while waiting to retry",
          e);
    }
  }

  /** The body as UTF-8 text, empty when there is none. */
  static String text(byte @Nullable [] body) {
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ApiTransport[timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + ", maxRetryDelay="
        + maxRetryDelay
        + "]";
  }
}
