package dev.hookline.receiver.clients.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.clients.internal.ApiTransport;
import dev.hookline.receiver.clients.internal.ClientJson;
import dev.hookline.receiver.clients.internal.JsonApi;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings every API client builder shares: the API host, the HTTP client, timeout, retries of
 * {@code 429} and {@code 503} answers (after their {@code Retry-After}, in seconds or an HTTP date;
 * without one, 1 second doubling), clock and mapper. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ApiClientBuilder<B extends ApiClientBuilder<B>> {

  /** Default time allowed for each request: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Default number of retries of a 429 or 503 answer: 3. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /**
   * Default longest wait before a retry: 30 seconds. A server asking for more is not retried; the
   * call fails at once.
   */
  public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(30);

  private @Nullable URI apiHost;
  private @Nullable HttpClient httpClient;
  private Duration timeout = DEFAULT_TIMEOUT;
  private int maxRetries = DEFAULT_MAX_RETRIES;
  private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
  private Clock clock = Clock.systemUTC();
  private @Nullable ObjectMapper objectMapper;

  /**
   * For the clients' builders.
   *
   * @param defaultApiHost the provider's API host, or null when each user has their own (required)
   */
  protected ApiClientBuilder(@Nullable URI defaultApiHost) {
    this.apiHost = defaultApiHost;
  }

  /** This builder, typed. */
  protected abstract B self();

  /**
   * The API host: an absolute URI with a host, checked when the client is built. Each client's
   * builder says whether it has a default.
   */
  public B apiHost(URI apiHost) {
    this.apiHost = Objects.requireNonNull(apiHost, "apiHost");
    return self();
  }

  /** The HTTP client; default a new one whose connect timeout is the {@link #timeout(Duration)}. */
  public B httpClient(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    return self();
  }

  /** Time allowed for each request; default {@link #DEFAULT_TIMEOUT}. */
  public B timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return self();
  }

  /** Retries of a 429 or 503 answer; default {@value #DEFAULT_MAX_RETRIES}. */
  public B maxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
    return self();
  }

  /**
   * The longest {@code Retry-After} waited for; default {@link #DEFAULT_MAX_RETRY_DELAY}. A longer
   * one fails the call at once.
   */
  public B maxRetryDelay(Duration maxRetryDelay) {
    this.maxRetryDelay = Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
    return self();
  }

  /**
   * The clock token expiry and HTTP-date {@code Retry-After} values are measured with; default the
   * UTC system clock.
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /** A mapper to copy and configure for responses; default a plain one. Not changed. */
  public B objectMapper(ObjectMapper objectMapper) {
    this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
    return self();
  }

  /**
   * The API these settings describe, for the clients of this module (its type is not API).
   *
   * @param exampleHost an API host the exception names when the configured one is not valid
   * @param requestIdHeader the header carrying the provider's request id, or null
   * @throws WebhookConfigurationException if the API host is missing or not absolute with a host,
   *     or an HTTP setting is out of range
   */
  protected JsonApi api(String exampleHost, @Nullable String requestIdHeader) {
    if (apiHost == null || apiHost.getScheme() == null || apiHost.getHost() == null) {
      throw new WebhookConfigurationException(
          "apiHost must be an absolute URI such as " + exampleHost + ", but was " + apiHost);
    }
    return new JsonApi(
        apiHost,
        new ApiTransport(httpClient, timeout, maxRetries, maxRetryDelay, clock, requestIdHeader),
        objectMapper == null ? ClientJson.mapper() : ClientJson.copyOf(objectMapper));
  }
}
