package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.clients.ApiClientBuilder;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.ApiTimeoutException;
import dev.hookline.receiver.clients.ApiTransport;
import dev.hookline.receiver.clients.MalformedResponseException;
import dev.hookline.receiver.clients.Paging;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A client for Lucca's management API. It fetches an OAuth2 client-credentials token on the first
 * call, caches it until {@link #TOKEN_REFRESH_MARGIN} before it expires and fetches a new one once
 * if the API answers 401; every API call carries {@code Api-Version: }{@value #API_VERSION}.
 * Collections are lazy streams that follow {@code links.next.href} page by page; a link to another
 * host than the API host is not followed: the stream serves the items of the page that carries it,
 * then throws a {@link MalformedResponseException} naming the link. Errors are {@link
 * ApiException}s; {@code 429} and {@code 503} are retried (see {@link ApiTransport}).
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

  private final URI apiHost;
  private final ApiTransport transport;
  private final ObjectMapper mapper;
  private final TokenSource tokens;
  private final String clientSecret;
  private final JavaType endpointType;
  private final JavaType deliveryType;
  private final JavaType attemptType;

  private LuccaClient(Builder builder, ApiTransport transport, ObjectMapper mapper) {
    this.apiHost = builder.apiHost;
    this.transport = transport;
    this.mapper = mapper;
    this.clientSecret = builder.clientSecret;
    this.tokens =
        new TokenSource(
            transport,
            mapper,
            builder.tokenUrl,
            builder.clientId,
            builder.clientSecret,
            builder.scope,
            TOKEN_REFRESH_MARGIN);
    this.endpointType = mapper.constructType(WebhookEndpoint.class);
    this.deliveryType = mapper.constructType(WebhookDelivery.class);
    this.attemptType = mapper.constructType(WebhookDeliveryAttempt.class);
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
        call(operation, "POST", apiHost.resolve(ENDPOINTS), json(creation), null);
    JsonNode node = transport.readTree(operation, response, mapper);
    JsonNode secret = node.path("secret");
    if (!secret.isTextual() || secret.asText().isEmpty()) {
      throw transport.malformed(operation, response, "the response holds no secret", null);
    }
    WebhookEndpoint endpoint = transport.convert(operation, response, mapper, node, endpointType);
    return new CreatedEndpoint(endpoint.withEtag(etag(response)), secret.asText());
  }

  /** Every endpoint, fetched lazily page by page. */
  public Stream<WebhookEndpoint> endpoints() {
    return collection("lucca.endpoints.list", apiHost.resolve(ENDPOINTS), endpointType);
  }

  /**
   * One endpoint, with its ETag when Lucca sends one.
   *
   * @throws ApiException with status 404 if there is no such endpoint
   */
  public WebhookEndpoint endpoint(String id) {
    String operation = "lucca.endpoints.get";
    HttpResponse<byte[]> response = call(operation, "GET", endpointUri(id), null, null);
    return read(operation, response, endpointType, WebhookEndpoint.class).withEtag(etag(response));
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
    call("lucca.endpoints.delete", "DELETE", endpointUri(id), null, null);
  }

  private WebhookEndpoint patch(String id, EndpointUpdate update, String ifMatch) {
    Objects.requireNonNull(update, "update");
    String operation = "lucca.endpoints.update";
    HttpResponse<byte[]> response =
        call(operation, "PATCH", endpointUri(id), json(update), ifMatch);
    return read(operation, response, endpointType, WebhookEndpoint.class).withEtag(etag(response));
  }

  private URI endpointUri(String id) {
    return apiHost.resolve(ENDPOINTS + "/" + segment(id));
  }

  // ---- webhook deliveries ----

  /** Every delivery, fetched lazily page by page. */
  public Stream<WebhookDelivery> deliveries() {
    return collection("lucca.deliveries.list", apiHost.resolve(DELIVERIES), deliveryType);
  }

  /**
   * One delivery.
   *
   * @throws ApiException with status 404 if there is no such delivery
   */
  public WebhookDelivery delivery(String id) {
    String operation = "lucca.deliveries.get";
    return read(
        operation,
        call(operation, "GET", apiHost.resolve(DELIVERIES + "/" + segment(id)), null, null),
        deliveryType,
        WebhookDelivery.class);
  }

  /** Asks Lucca to send a test delivery to the endpoint, and returns that delivery. */
  public WebhookDelivery sendTestDelivery(String endpointId) {
    Objects.requireNonNull(endpointId, "endpointId");
    String operation = "lucca.deliveries.test";
    byte[] body = json(Map.of("webhookEndpoint", Map.of("id", endpointId)));
    return read(
        operation,
        call(operation, "POST", apiHost.resolve(DELIVERIES), body, null),
        deliveryType,
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
    URI target = onApiHost(operation, resolve(operation, apiHost, link.get().href()));
    call(operation, "POST", target, new byte[0], null);
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
  public Stream<AttemptsPage> deliveryAttemptPages(String deliveryId) {
    String query =
        (deliveryId == null
                ? ""
                : "webhookDelivery.id="
                    + URLEncoder.encode(deliveryId, StandardCharsets.UTF_8)
                    + "&")
            + "include="
            + ATTEMPTS_INCLUDE;
    URI first = apiHost.resolve(ATTEMPTS + "?" + query);
    String operation = "lucca.attempts.list";
    return Paging.pages(
        () -> attemptsPage(operation, first),
        page ->
            page.next() == null
                ? Optional.empty()
                : Optional.of(attemptsPage(operation, onApiHost(operation, page.next()))));
  }

  private AttemptsPage attemptsPage(String operation, URI uri) {
    HttpResponse<byte[]> response = call(operation, "GET", uri, null, null);
    JsonNode node = transport.readTree(operation, response, mapper);
    List<WebhookDeliveryAttempt> items = items(operation, response, node, attemptType);
    JsonNode embedded = node.path("embedded");
    Map<String, WebhookDelivery> deliveries = new LinkedHashMap<>();
    embedded
        .path("webhook-delivery")
        .properties()
        .forEach(
            entry ->
                deliveries.put(
                    entry.getKey(),
                    transport.convert(
                        operation, response, mapper, entry.getValue(), deliveryType)));
    Map<String, JsonNode> events = new LinkedHashMap<>();
    embedded
        .path("event")
        .properties()
        .forEach(
            entry -> {
              if (!entry.getValue().isObject()) {
                throw transport.malformed(
                    operation,
                    response,
                    "embedded event " + entry.getKey() + " is no object",
                    null);
              }
              events.put(entry.getKey(), entry.getValue());
            });
    return new AttemptsPage(
        items, totalCount(node), deliveries, events, next(operation, response, uri, node));
  }

  // ---- plumbing ----

  private <T> Stream<T> collection(String operation, URI first, JavaType type) {
    return Paging.<Page<T>, T>items(
        () -> page(operation, first, type),
        page ->
            page.next() == null
                ? Optional.empty()
                : Optional.of(this.<T>page(operation, onApiHost(operation, page.next()), type)),
        Page::items);
  }

  private <T> Page<T> page(String operation, URI uri, JavaType type) {
    HttpResponse<byte[]> response = call(operation, "GET", uri, null, null);
    JsonNode node = transport.readTree(operation, response, mapper);
    return new Page<>(items(operation, response, node, type), next(operation, response, uri, node));
  }

  private <T> List<T> items(
      String operation, HttpResponse<byte[]> response, JsonNode node, JavaType type) {
    JsonNode items = node.path("items");
    if (!items.isArray()) {
      throw transport.malformed(operation, response, "the collection has no \"items\" array", null);
    }
    List<T> list = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      list.add(transport.convert(operation, response, mapper, item, type));
    }
    return list;
  }

  /**
   * The next page's link resolved against the page, not checked yet: a link to another host is
   * refused only when it is followed, so the items of the page that carries it are still served.
   */
  private URI next(String operation, HttpResponse<byte[]> response, URI current, JsonNode node) {
    JsonNode href = node.path("links").path("next").path("href");
    if (href.isMissingNode() || href.isNull()) {
      return null;
    }
    if (!href.isTextual() || href.asText().isEmpty()) {
      throw transport.malformed(operation, response, "links.next.href is not a string", null);
    }
    return resolve(operation, current, href.asText());
  }

  private static URI resolve(String operation, URI base, String href) {
    try {
      return base.resolve(href);
    } catch (IllegalArgumentException e) {
      throw new MalformedResponseException(
          operation, 0, "", operation + ": link " + href + " is not a URI", e);
    }
  }

  /**
   * Refuses a link to another host: the bearer token is only ever sent to the configured API host.
   * Scheme and host compare case-insensitively and a default port equals an explicit one (RFC 3986,
   * section 6.2.3), so {@code http://LocalHost:80/x} is on {@code http://localhost}.
   */
  private URI onApiHost(String operation, URI target) {
    if (target.getScheme() == null
        || !target.getScheme().equalsIgnoreCase(apiHost.getScheme())
        || !apiHost.getHost().equalsIgnoreCase(target.getHost())
        || port(target) != port(apiHost)) {
      throw new MalformedResponseException(
          operation,
          0,
          "",
          operation + ": link " + target + " leaves the API host " + apiHost.getAuthority(),
          null);
    }
    return target;
  }

  /** The URI's port, or its scheme's default port (80 for http, 443 for https, else -1). */
  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
      case "http" -> 80;
      case "https" -> 443;
      default -> -1;
    };
  }

  private static Integer totalCount(JsonNode node) {
    JsonNode total = node.path("totalCount");
    return total.canConvertToInt() ? total.asInt() : null;
  }

  private <T> T read(String operation, HttpResponse<byte[]> response, JavaType type, Class<T> raw) {
    return raw.cast(
        transport.convert(
            operation, response, mapper, transport.readTree(operation, response, mapper), type));
  }

  /** Sends an API call with a token, fetching a new token and retrying once after a 401. */
  private HttpResponse<byte[]> call(
      String operation, String method, URI uri, byte[] body, String ifMatch) {
    for (int attempt = 0; ; attempt++) {
      String token = tokens.token();
      try {
        return transport.send(
            operation,
            () -> {
              HttpRequest.Builder request =
                  HttpRequest.newBuilder(uri)
                      .header("Authorization", "Bearer " + token)
                      .header("Api-Version", API_VERSION)
                      .header("Accept", "application/json")
                      .method(
                          method,
                          body == null
                              ? HttpRequest.BodyPublishers.noBody()
                              : HttpRequest.BodyPublishers.ofByteArray(body));
              if (body != null && body.length > 0) {
                request.header("Content-Type", "application/json");
              }
              if (ifMatch != null) {
                request.header("If-Match", ifMatch);
              }
              return request;
            },
            List.of(token, clientSecret));
      } catch (ApiTimeoutException e) {
        throw e;
      } catch (ApiException e) {
        if (e.status() != 401 || attempt > 0) {
          throw e;
        }
        // The token expired early or was revoked: fetch a new one, once.
        tokens.invalidate(token);
      }
    }
  }

  private byte[] json(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  private static String etag(HttpResponse<byte[]> response) {
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
    return "LuccaClient[" + apiHost + ", " + tokens + "]";
  }

  /** One page of a collection. */
  private record Page<T>(List<T> items, URI next) {}

  /** Configures a {@link LuccaClient}; not thread-safe. */
  public static final class Builder extends ApiClientBuilder<Builder> {
    private URI apiHost;
    private URI tokenUrl = DEFAULT_TOKEN_URL;
    private String clientId;
    private String clientSecret;
    private String scope = DEFAULT_SCOPE;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The tenant's API host, e.g. {@code https://example.ilucca.net}; required. */
    public Builder apiHost(URI apiHost) {
      this.apiHost = Objects.requireNonNull(apiHost, "apiHost");
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
      if (apiHost == null || apiHost.getScheme() == null || apiHost.getHost() == null) {
        throw new WebhookConfigurationException(
            "apiHost must be an absolute URI such as https://example.ilucca.net, but was "
                + apiHost);
      }
      if (!tokenUrl.isAbsolute()) {
        throw new WebhookConfigurationException("tokenUrl must be absolute, but was " + tokenUrl);
      }
      if (clientId == null || clientId.isEmpty()) {
        throw new WebhookConfigurationException("clientId is required");
      }
      if (clientSecret == null || clientSecret.isEmpty()) {
        throw new WebhookConfigurationException("clientSecret is required");
      }
      return new LuccaClient(this, transport(null), mapper());
    }
  }
}
