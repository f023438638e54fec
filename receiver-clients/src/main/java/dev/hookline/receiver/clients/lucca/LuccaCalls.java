package dev.hookline.receiver.clients.lucca;

import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.ApiTimeoutException;
import dev.hookline.receiver.clients.MalformedResponseException;
import dev.hookline.receiver.clients.internal.JsonApi;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link LuccaClient} calls Lucca's API: each call carries a bearer token from the {@link
 * TokenSource} and {@code Api-Version: }{@value LuccaClient#API_VERSION}; after a 401 a new token
 * is fetched and the call sent once more. Calls go to the API host only: a link to another host is
 * refused before anything is sent, so the token never leaves it. Thread-safe.
 */
final class LuccaCalls {

  private final JsonApi api;
  private final TokenSource tokens;
  private final String clientSecret;

  LuccaCalls(JsonApi api, TokenSource tokens, String clientSecret) {
    this.api = api;
    this.tokens = tokens;
    this.clientSecret = clientSecret;
  }

  /**
   * Sends an API call with a token, fetching a new token and retrying once after a 401.
   *
   * @param body the JSON body, or null for none
   * @param ifMatch the ETag to send as {@code If-Match}, or null
   * @throws MalformedResponseException if the URI is not on the API host
   * @throws ApiException if Lucca answers with an error
   */
  HttpResponse<byte[]> send(
      String operation, String method, URI uri, byte @Nullable [] body, @Nullable String ifMatch) {
    URI target = onApiHost(operation, uri);
    for (int attempt = 0; ; attempt++) {
      String token = tokens.token();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", "Bearer " + token);
      headers.put("Api-Version", LuccaClient.API_VERSION);
      if (ifMatch != null) {
        headers.put("If-Match", ifMatch);
      }
      try {
        return api.send(operation, method, target, body, headers, List.of(token, clientSecret));
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

  /**
   * A link of a response resolved against a base, not checked yet: a link to another host is
   * refused only when it is followed.
   *
   * @throws MalformedResponseException if the link is not a URI
   */
  static URI resolve(String operation, URI base, String href) {
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
    URI apiHost = api.host();
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

  /** The API host and token URL; never the secret. */
  @Override
  public String toString() {
    return api.host() + ", " + tokens;
  }
}
