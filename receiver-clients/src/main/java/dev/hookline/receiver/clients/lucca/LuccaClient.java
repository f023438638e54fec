package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.MalformedResponseException;
import dev.hookline.receiver.clients.http.ApiClientBuilder;
import dev.hookline.receiver.clients.internal.JsonApi;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A client for Lucca's management API. It fetches an OAuth2 client-credentials token on the first
 * call, caches it until {@link #TOKEN_REFRESH_MARGIN} before it expires and fetches a new one once
 * if the API answers 401; every API call carries {@code Api-Version: }{@value #API_VERSION}.
 * Collections are lazy streams that follow {@code links.next.href} page by page; a link to another
 * host than the API host is not followed: the stream serves the items of the page that carries it,
 * then throws a {@link MalformedResponseException} naming the link. Errors are {@link
 * ApiException}s; {@code 429} and {@code 503} are retried (see {@link ApiClientBuilder}).
 *
 * <p>Immutable and thread-safe; build one per Lucca tenant and share it.
 *
 * <pre>{@code
 * LuccaClient lucca = LuccaClient.builder()
 *     .apiHost(URI.create("https://example.ilucca.net"))
 *     .clientId(System.getenv("LUCCA_CLIENT_ID"))
 *     .clientSecret(System.getenv("LUCCA_CLIENT_SECRET"))
 *     .build();
 * lucca.endpoints().filter(WebhookEndpoint::suspended).forEach(lucca::reactivateEndpoint);
 * }</pre>
 */
public final class LuccaClient {

  /** The API version sent with every call. */
  public static final String API_VERSION = "2024-11-01";

  /** Lucca's token endpoint; override it with {@link Builder#tokenUrl(URI)}. */
  public static final URI DEFAULT_TOKEN_URL =
      URI.create("https://accounts.world.luccasoftware.com/connect/token");

  /** The scopes requested by default: read and write endpoints and deliveries. */
  public static final String DEFAULT_SCOPE =
      "webhook-endpoints.readwrite webhook-deliveries.readwrite";

  /**
   * How long before its {@code expires_in} a cached token is replaced: 60 seconds (at most half the
   * token's lifetime).
   */
  public static final Duration TOKEN_REFRESH_MARGIN = Duration.ofSeconds(60);

  /** The {@code include} parameter of delivery-attempt requests. */
  public static final String ATTEMPTS_INCLUDE = "embedded,links,totalCount";

  static final String ENDPOINTS = "/lucca-api/webhook-endpoints";
  static final String DELIVERIES = "/lucca-api/webhook-deliveries";
  static final String ATTEMPTS = "/lucca-api/webhook-delivery-attempts";

  private final JsonApi api;
  private final LuccaCalls calls;
  private final LuccaPages pages;

  @SuppressWarnings("NullAway") // build() checked that the client id and secret are set
  private LuccaClient(Builder builder, JsonApi api) {
    this.api = api;
    TokenSource tokens =
        new TokenSource(
            api,
            builder.tokenUrl,
            builder.clientId,
            builder.clientSecret,
            builder.scope,
            TOKEN_REFRESH_MARGIN);
    this.calls = new LuccaCalls(api, tokens, builder.clientSecret);
    this.pages = new LuccaPages(api, calls);
  }

  /** Starts a builder; the API host, client id and client secret are required. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- webhook endpoints ----

  /**
   * Creates an endpoint. The result holds the signing secret, which Lucca returns only this once.
   *
   * @throws MalformedResponseException if the response holds no secret
   * @throws ApiException if Lucca refuses (e.g. 400 for a non-https URL, 403 without the readwrite
   *     scope)
   */
  public CreatedEndpoint createEndpoint(EndpointCreation creation) {
    Objects.requireNonNull(creation, "creation");
    String operation = "lucca.endpoints.create";
    HttpResponse<byte[]> response =
        calls.send(operation, "POST", api.uri(ENDPOINTS), api.json(creation), null);
    JsonNode node = api.readTree(operation, response);
    // The body holds the signing secret: no exception about it may carry an excerpt of it.
    JsonNode secret = node.path("secret");
    if (!secret.isTextual() || secret.asText().isEmpty()) {
      throw api.malformedSecret(operation, response, "the response holds no secret");
    }
    WebhookEndpoint endpoint;
    try {
      endpoint = api.convert(operation, response, node, WebhookEndpoint.class);
    } catch (MalformedResponseException e) {
      throw api.malformedSecret(
          operation,
          response,
          "the response does not fit " + WebhookEndpoint.class.getSimpleName());
    }
    return new CreatedEndpoint(endpoint.withEtag(etag(response)), secret.asText());
  }

  /** Every endpoint, fetched lazily page by page. */
  public Stream<WebhookEndpoint> endpoints() {
    return pages.items("lucca.endpoints.list", api.uri(ENDPOINTS), WebhookEndpoint.class);
  }

  /**
   * One endpoint, with its ETag when Lucca sends one.
   *
   * @throws ApiException with status 404 if there is no such endpoint
   */
  public WebhookEndpoint endpoint(String id) {
    String operation = "lucca.endpoints.get";
    HttpResponse<byte[]> response = calls.send(operation, "GET", endpointUri(id), null, null);
    return api.read(operation, response, WebhookEndpoint.class).withEtag(etag(response));
  }

  /**
   * Changes an endpoint without a precondition.
   *
   * @return the endpoint as updated
   */
  public WebhookEndpoint updateEndpoint(String id, EndpointUpdate update) {
    return patch(id, update, null);
  }

  /**
   * Changes an endpoint read earlier; when it carries an ETag the request sends it as {@code
   * If-Match}, so a concurrent change makes Lucca answer 412 (an {@link ApiException}) instead of
   * being overwritten.
   *
   * @return the endpoint as updated
   */
  public WebhookEndpoint updateEndpoint(WebhookEndpoint current, EndpointUpdate update) {
    Objects.requireNonNull(current, "current");
    return patch(current.id(), update, current.etag());
  }

  /**
   * Sets a (suspended) endpoint's status back to {@code active}, with {@code If-Match} when its
   * ETag is known. Lucca then sends the activation challenge again.
   */
  public WebhookEndpoint reactivateEndpoint(WebhookEndpoint current) {
    return updateEndpoint(current, EndpointUpdate.reactivate());
  }

  /**
   * Deletes an endpoint.
   *
   * @throws ApiException with status 404 if there is no such endpoint
   */
  public void deleteEndpoint(String id) {
    calls.send("lucca.endpoints.delete", "DELETE", endpointUri(id), null, null);
  }

  private WebhookEndpoint patch(String id, EndpointUpdate update, @Nullable String ifMatch) {
    Objects.requireNonNull(update, "update");
    String operation = "lucca.endpoints.update";
    HttpResponse<byte[]> response =
        calls.send(operation, "PATCH", endpointUri(id), api.json(update), ifMatch);
    return api.read(operation, response, WebhookEndpoint.class).withEtag(etag(response));
  }

  private URI endpointUri(String id) {
    return api.uri(ENDPOINTS + "/" + segment(id));
  }

  // ---- webhook deliveries ----

  /** Every delivery, fetched lazily page by page. */
  public Stream<WebhookDelivery> deliveries() {
    return pages.items("lucca.deliveries.list", api.uri(DELIVERIES), WebhookDelivery.class);
  }

  /**
   * One delivery.
   *
   * @throws ApiException with status 404 if there is no such delivery
   */
  public WebhookDelivery delivery(String id) {
    String operation = "lucca.deliveries.get";
    return api.read(
        operation,
        calls.send(operation, "GET", api.uri(DELIVERIES + "/" + segment(id)), null, null),
        WebhookDelivery.class);
  }

  /** Asks Lucca to send a test delivery to the endpoint, and returns that delivery. */
  public WebhookDelivery sendTestDelivery(String endpointId) {
    Objects.requireNonNull(endpointId, "endpointId");
    String operation = "lucca.deliveries.test";
    byte[] body = api.json(Map.of("webhookEndpoint", Map.of("id", endpointId)));
    return api.read(
        operation,
        calls.send(operation, "POST", api.uri(DELIVERIES), body, null),
        WebhookDelivery.class);
  }

  /**
   * Follows the delivery's {@code links.retry} with a {@code POST} when Lucca offers one. The link
   * is followed as given; it must point to the API host.
   *
   * @return whether a retry link was present (and followed)
   */
  public boolean retryDelivery(WebhookDelivery delivery) {
    Objects.requireNonNull(delivery, "delivery");
    Optional<Link> link = delivery.retryLink();
    if (link.isEmpty()) {
      return false;
    }
    String operation = "lucca.deliveries.retry";
    URI target = LuccaCalls.resolve(operation, api.host(), link.get().href());
    calls.send(operation, "POST", target, new byte[0], null);
    return true;
  }

  // ---- webhook delivery attempts ----

  /**
   * The attempts of one delivery ({@code webhookDelivery.id=…&include=}{@value #ATTEMPTS_INCLUDE}),
   * fetched lazily page by page.
   */
  public Stream<WebhookDeliveryAttempt> deliveryAttempts(String deliveryId) {
    return deliveryAttemptPages(Objects.requireNonNull(deliveryId, "deliveryId"))
        .flatMap(page -> page.items().stream());
  }

  /**
   * Pages of attempts with their embedded deliveries and events, fetched lazily.
   *
   * @param deliveryId only the attempts of this delivery, or null for all
   */
  public Stream<AttemptsPage> deliveryAttemptPages(@Nullable String deliveryId) {
    String query =
        (deliveryId == null
                ? ""
                : "webhookDelivery.id="
                    + URLEncoder.encode(deliveryId, StandardCharsets.UTF_8)
                    + "&")
            + "include="
            + ATTEMPTS_INCLUDE;
    return pages.attemptsPages("lucca.attempts.list", api.uri(ATTEMPTS + "?" + query));
  }

  private static @Nullable String etag(HttpResponse<byte[]> response) {
    return response.headers().firstValue("ETag").orElse(null);
  }

  private static String segment(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The API host and token URL; never the secret. */
  @Override
  public String toString() {
    return "LuccaClient[" + calls + "]";
  }

  /**
   * Configures a {@link LuccaClient}; not thread-safe. The API host has no default: it is the
   * tenant's, e.g. {@code https://example.ilucca.net}, and required.
   */
  public static final class Builder extends ApiClientBuilder<Builder> {
    private URI tokenUrl = DEFAULT_TOKEN_URL;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private String scope = DEFAULT_SCOPE;

    private Builder() {
      super(null);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The OAuth2 token endpoint; default {@link #DEFAULT_TOKEN_URL}. */
    public Builder tokenUrl(URI tokenUrl) {
      this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
      return this;
    }

    /** The OAuth2 client id; required. */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /** The OAuth2 client secret; required. Never logged nor put in a message. */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** Space-separated scopes; default {@link #DEFAULT_SCOPE}; empty to send none. */
    public Builder scope(String scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Validates the configuration and returns the client. No request is made yet.
     *
     * @throws WebhookConfigurationException if a required value is missing or a value is out of
     *     range
     */
    public LuccaClient build() {
      JsonApi api = api("https://example.ilucca.net", null);
      if (!tokenUrl.isAbsolute()) {
        throw new WebhookConfigurationException("tokenUrl must be absolute, but was " + tokenUrl);
      }
      if (clientId == null || clientId.isEmpty()) {
        throw new WebhookConfigurationException("clientId is required");
      }
      if (clientSecret == null || clientSecret.isEmpty()) {
        throw new WebhookConfigurationException("clientSecret is required");
      }
      return new LuccaClient(this, api);
    }
  }
}
