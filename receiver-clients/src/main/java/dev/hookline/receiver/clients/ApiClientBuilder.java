package dev.hookline.receiver.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP settings every API client builder shares: client, timeout, retries of 429/503, clock and
 * mapper. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ApiClientBuilder<B extends ApiClientBuilder<B>> {

  private HttpClient httpClient;
  private Duration timeout = ApiTransport.DEFAULT_TIMEOUT;
  private int maxRetries = ApiTransport.DEFAULT_MAX_RETRIES;
  private Duration maxRetryDelay = ApiTransport.DEFAULT_MAX_RETRY_DELAY;
  private Clock clock = Clock.systemUTC();
  private ObjectMapper objectMapper;

  /** For the clients' builders. */
  protected ApiClientBuilder() {}

  /** This builder, typed. */
  protected abstract B self();

  /** The HTTP client; default a new one whose connect timeout is the {@link #timeout(Duration)}. */
  public B httpClient(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    return self();
  }

  /** Time allowed for each request; default {@link ApiTransport#DEFAULT_TIMEOUT}. */
  public B timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return self();
  }

  /** Retries of a 429 or 503 answer; default {@value ApiTransport#DEFAULT_MAX_RETRIES}. */
  public B maxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
    return self();
  }

  /**
   * The longest {@code Retry-After} waited for; default {@link
   * ApiTransport#DEFAULT_MAX_RETRY_DELAY}. A longer one fails the call at once.
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
   * The transport these settings describe.
   *
   * @param requestIdHeader the header carrying the provider's request id, or null
   * @throws WebhookConfigurationException if a value is out of range
   */
  protected ApiTransport transport(String requestIdHeader) {
    return ApiTransport.create(
        httpClient, timeout, maxRetries, maxRetryDelay, clock, requestIdHeader);
  }

  /** The mapper responses are read with. */
  protected ObjectMapper mapper() {
    return objectMapper == null ? ClientJson.mapper() : ClientJson.copyOf(objectMapper);
  }
}
