package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.clients.internal.JsonApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Fetches OAuth2 client-credentials tokens lazily and caches one until shortly before it expires.
 * Thread-safe: concurrent callers share one fetch.
 */
final class TokenSource {

  /** Lifetime assumed when the token response gives no {@code expires_in}. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private final JsonApi api;
  private final URI tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String scope;
  private final Duration margin;

  private @Nullable String token;
  private Instant refreshAt = Instant.MIN;

  TokenSource(
      JsonApi api,
      URI tokenUrl,
      String clientId,
      String clientSecret,
      String scope,
      Duration margin) {
    this.api = api;
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope;
    this.margin = margin;
  }

  /** A valid access token, fetched when none is cached or the cached one is about to expire. */
  @SuppressWarnings("NullAway") // fetch() sets the token or throws
  synchronized String token() {
    if (token == null || !api.clock().instant().isBefore(refreshAt)) {
      fetch();
    }
    return token;
  }

  /** Forgets the token if it is still the cached one (the API answered 401 to it). */
  synchronized void invalidate(String rejected) {
    if (rejected.equals(token)) {
      token = null;
    }
  }

  private void fetch() {
    String operation = "lucca.token";
    StringBuilder form = new StringBuilder();
    form.append("grant_type=client_credentials")
        .append("&client_id=")
        .append(encode(clientId))
        .append("&client_secret=")
        .append(encode(clientSecret));
    if (!scope.isEmpty()) {
      form.append("&scope=").append(encode(scope));
    }
    String body = form.toString();
    Instant requestedAt = api.clock().instant();
    HttpResponse<byte[]> response =
        api.send(
            operation,
            "POST",
            tokenUrl,
            body.getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            List.of(clientSecret));
    JsonNode json = api.readTree(operation, response);
    JsonNode accessToken = json.path("access_token");
    if (!accessToken.isTextual() || accessToken.asText().isEmpty()) {
      // Never echo the body: it may hold a token of another shape.
      throw api.malformedSecret(
          operation, response, "the token response has no access_token string");
    }
    JsonNode expiresIn = json.path("expires_in");
    Duration lifetime =
        expiresIn.canConvertToLong() && expiresIn.asLong() > 0
            ? Duration.ofSeconds(expiresIn.asLong())
            : DEFAULT_LIFETIME;
    // Refresh a little early; a short-lived token is refreshed at half its life at the latest.
    Duration early = margin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : margin;
    token = accessToken.asText();
    refreshAt = requestedAt.plus(lifetime).minus(early);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "TokenSource[" + tokenUrl + ", client " + clientId + "]";
  }
}
