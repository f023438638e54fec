package dev.hookline.receiver.core;

import dev.hookline.receiver.internal.LogText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as an adapter received it: method, path, headers, decoded query parameters, the
 * raw body bytes exactly as they arrived, the remote address, and the tenant its path names (for an
 * endpoint path such as {@code /webhooks/lucca/{tenant}}). No framework types.
 *
 * <p>Immutable and thread-safe. The body is copied once when the request is built; {@link #body()}
 * then returns that copy without copying again so that verification and parsing run over the same
 * bytes at no cost, which makes the returned array read-only by contract.
 */
public final class WebhookRequest {

  private final String method;
  private final String path;
  private final Headers headers;
  private final Map<String, List<String>> query;
  private final byte[] body;
  private final @Nullable String remoteAddress;
  private final @Nullable String tenant;

  private WebhookRequest(Builder builder) {
    this.method = builder.method;
    this.path = builder.path;
    this.headers = builder.headers.build();
    if (builder.query.isEmpty()) {
      this.query = Map.of();
    } else {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      builder.query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
      this.query = Map.copyOf(copy);
    }
    this.body = builder.body.clone();
    this.remoteAddress = builder.remoteAddress;
    this.tenant = builder.tenant;
  }

  /** Starts a builder for a {@code POST /} request with an empty body. */
  public static Builder builder() {
    return new Builder();
  }

  /** The HTTP method, upper case as sent (e.g. {@code POST}). */
  public String method() {
    return method;
  }

  /** The request path, without the query string. */
  public String path() {
    return path;
  }

  /** The headers, case-insensitive. */
  public Headers headers() {
    return headers;
  }

  /** Decoded query parameters; a name may carry several values. */
  public Map<String, List<String>> query() {
    return query;
  }

  /** The first value of a query parameter, if present. */
  public Optional<String> queryParameter(String name) {
    List<String> values = query.get(Objects.requireNonNull(name, "name"));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The raw body bytes exactly as received. The array is shared with the request and must not be
   * modified.
   */
  public byte[] body() {
    return body;
  }

  /** The remote address as the adapter saw it, if it knew one. */
  public Optional<String> remoteAddress() {
    return Optional.ofNullable(remoteAddress);
  }

  /**
   * The tenant the request names, as the adapter took it from the path: written by whoever sent the
   * request, not checked here. A receiver with tenant secrets accepts the request only if it is a
   * valid tenant id whose own secrets verify the signature; any other receiver refuses a request
   * that names a tenant. Empty when the endpoint's path names none.
   */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /**
   * Method, path, tenant and body length, with control and invisible characters escaped so that a
   * log line stays one line; never headers or body content.
   */
  @Override
  public String toString() {
    return LogText.escape(method)
        + " "
        + LogText.escape(path)
        + (tenant == null ? "" : " for tenant " + LogText.escape(tenant))
        + " ("
        + body.length
        + " bytes)";
  }

  /** Builds a {@link WebhookRequest}; not thread-safe. */
  public static final class Builder {
    private String method = "POST";
    private String path = "/";
    private final Headers.Builder headers = Headers.builder();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private @Nullable String remoteAddress;
    private @Nullable String tenant;

    private Builder() {}

    /** The HTTP method; default {@code POST}. */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /** The request path; default {@code /}. */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Adds a header value; names are case-insensitive and may repeat. */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Adds every value of every given header. */
    public Builder headers(Map<String, ? extends List<String>> values) {
      Objects.requireNonNull(values, "values")
          .forEach((name, list) -> list.forEach(value -> headers.add(name, value)));
      return this;
    }

    /** Adds a decoded query parameter value. */
    public Builder queryParameter(String name, String value) {
      Objects.requireNonNull(value, "value");
      query
          .computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new java.util.ArrayList<>())
          .add(value);
      return this;
    }

    /** The raw body; copied when the request is built. Default: empty. */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /** The remote address, e.g. {@code 203.0.113.7}. */
    public Builder remoteAddress(String remoteAddress) {
      this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
      return this;
    }

    /**
     * The tenant the request's path names, exactly as it appears there (decoded); see {@link
     * WebhookRequest#tenant()}. Not checked here: the receiver checks it.
     */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /** Returns the immutable request. */
    public WebhookRequest build() {
      return new WebhookRequest(this);
    }
  }
}
