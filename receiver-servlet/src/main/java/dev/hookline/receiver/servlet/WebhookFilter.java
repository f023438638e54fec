package dev.hookline.receiver.servlet;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.internal.LogText;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link WebhookReceiver}s behind any Jakarta Servlet 6 container: each configured path goes
 * to its receiver; every other request passes down the chain untouched. A path is matched against
 * the container's normalized path within the application ({@code getServletPath()} + {@code
 * getPathInfo()}: decoded, dot segments resolved, path parameters such as {@code ;jsessionid=…}
 * removed), exactly or with one trailing slash: {@code /webhooks/lucca} also answers {@code
 * /webhooks/lucca/} and {@code /webhooks/lucca;jsessionid=1}, never {@code /webhooks/lucca//} or
 * {@code /webhooks/lucca/x}. A sender such as Lucca suspends an endpoint that answers 404.
 *
 * <pre>{@code
 * WebhookFilter filter = WebhookFilter.builder()
 *     .endpoint("/webhooks/lucca", luccaReceiver)
 *     .endpoint("/webhooks/github", gitHubReceiver)
 *     .build();
 * }</pre>
 *
 * <p>The filter only translates. It reads the raw body as bytes, never through a {@code Reader}; a
 * declared {@code Content-Length} over the receiver's limit is not read at all, and a chunked body
 * stops being read one byte past the limit; the receiver then answers 413. Register the filter
 * before any filter that reads the body: if the body was consumed earlier, the filter answers 500
 * naming that cause rather than letting the signature check fail. Thread-safe.
 */
public final class WebhookFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(WebhookFilter.class);

  /** The largest declared body read into an array of its declared size at once. */
  private static final int PRESIZED_BODY = 64 * 1024;

  private final Map<String, WebhookReceiver> endpoints;

  private WebhookFilter(Map<String, WebhookReceiver> endpoints) {
    this.endpoints = endpoints;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configured paths, each without a trailing slash, and their receivers. */
  public Map<String, WebhookReceiver> endpoints() {
    return endpoints;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    String path = pathWithinApplication(http);
    WebhookReceiver receiver = endpoints.get(withoutTrailingSlash(path));
    if (receiver == null) {
      chain.doFilter(request, response);
      return;
    }
    write(receive(http, path, receiver), httpResponse);
  }

  private static WebhookResponse receive(
      HttpServletRequest http, String path, WebhookReceiver receiver) throws IOException {
    WebhookRequest.Builder request = WebhookRequest.builder().method(http.getMethod()).path(path);
    for (Enumeration<String> names = http.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      for (Enumeration<String> values = http.getHeaders(name); values.hasMoreElements(); ) {
        request.header(name, values.nextElement());
      }
    }
    String remoteAddress = http.getRemoteAddr();
    if (remoteAddress != null) {
      request.remoteAddress(remoteAddress);
    }
    try {
      addQuery(http.getQueryString(), request);
    } catch (IllegalArgumentException e) {
      return WebhookResponse.text(400, "query string is not valid percent-encoded UTF-8");
    }
    long declared = http.getContentLengthLong();
    if (declared <= receiver.maxBodySize()) {
      InputStream in;
      try {
        in = http.getInputStream();
      } catch (IllegalStateException e) {
        log.error(
            "Webhook body at {} was read through getReader() before WebhookFilter",
            LogText.escape(path));
        return WebhookResponse.text(
            500,
            "request body was already read as text by an earlier filter; register WebhookFilter"
                + " before filters that read the body");
      }
      byte[] body;
      try {
        body = read(in, declared, receiver.maxBodySize());
      } catch (IOException e) {
        return WebhookResponse.text(400, "request body could not be read: " + e.getMessage());
      }
      if (declared > body.length) {
        log.error(
            "Webhook body at {} was consumed before WebhookFilter: Content-Length {} but {} bytes"
                + " left",
            LogText.escape(path),
            declared,
            body.length);
        return WebhookResponse.text(
            500,
            "request body was already consumed by an earlier filter (Content-Length "
                + declared
                + ", "
                + body.length
                + " bytes left); register WebhookFilter before filters that read the body");
      }
      request.body(body);
    }
    // Over a declared limit the body stays unread: the receiver answers 413 from Content-Length.
    return receiver.receive(request.build());
  }

  /**
   * Reads the body: a declared length of at most {@value #PRESIZED_BODY} bytes is read into an
   * array of that size (the container ends the stream there); a larger or unknown length is read as
   * it arrives, up to one byte past the limit, so that an unsigned {@code Content-Length} cannot
   * make the filter set aside more than {@value #PRESIZED_BODY} bytes ahead of what was sent.
   */
  private static byte[] read(InputStream in, long declared, int limit) throws IOException {
    if (declared < 0 || declared > PRESIZED_BODY) {
      return in.readNBytes(limit + 1);
    }
    byte[] body = new byte[(int) declared];
    int read = in.readNBytes(body, 0, body.length);
    return read < body.length ? Arrays.copyOf(body, read) : body;
  }

  private static void addQuery(@Nullable String query, WebhookRequest.Builder request) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      request.queryParameter(decode(name), decode(value));
    }
  }

  /**
   * Form-style decoding ({@code +} is a space) that, unlike {@link java.net.URLDecoder}, rejects
   * malformed UTF-8 instead of replacing it: an echo must come back exactly or not at all.
   */
  private static String decode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("truncated escape");
        }
        int high = Character.digit(text.charAt(i + 1), 16);
        int low = Character.digit(text.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("invalid escape");
        }
        bytes.write((high << 4) | low);
        i += 3;
      } else {
        int codePoint = text.codePointAt(i);
        byte[] utf8 =
            (c == '+' ? " " : new String(Character.toChars(codePoint)))
                .getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(codePoint);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8", e);
    }
  }

  private static void write(WebhookResponse webhookResponse, HttpServletResponse response)
      throws IOException {
    response.setStatus(webhookResponse.status());
    webhookResponse.headers().forEach(response::setHeader);
    byte[] body = webhookResponse.body();
    response.setContentLength(body.length);
    if (body.length > 0) {
      response.getOutputStream().write(body);
    }
    response.flushBuffer();
  }

  /**
   * The servlet URL patterns that route every request this filter answers for the path to it: the
   * path without and with one trailing slash. Use them to map the filter to its endpoints alone
   * (e.g. {@code FilterRegistration.addMappingForUrlPatterns}); mapping it to {@code /*} works too.
   */
  public static List<String> urlPatterns(String path) {
    String bare = withoutTrailingSlash(Objects.requireNonNull(path, "path"));
    return bare.equals("/") ? List.of(bare) : List.of(bare, bare + "/");
  }

  /**
   * The path the container mapped, relative to the context path. Unlike {@code getRequestURI()} it
   * is decoded, has its dot segments resolved and carries no path parameters.
   */
  private static String pathWithinApplication(HttpServletRequest request) {
    String pathInfo = request.getPathInfo();
    return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
  }

  /** The path without one trailing slash; {@code /} stays {@code /}. */
  private static String withoutTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  @Override
  public String toString() {
    return "WebhookFilter" + endpoints.keySet();
  }

  /** Maps paths to receivers; not thread-safe. */
  public static final class Builder {
    private final Map<String, WebhookReceiver> endpoints = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sends requests to the path (relative to the context path, e.g. {@code /webhooks/lucca}), with
     * or without one trailing slash, to the receiver.
     *
     * @throws WebhookConfigurationException if the path does not start with {@code /} or is already
     *     mapped, with or without a trailing slash
     */
    public Builder endpoint(String path, WebhookReceiver receiver) {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(receiver, "receiver");
      if (!path.startsWith("/")) {
        throw new WebhookConfigurationException(
            "endpoint path must start with \"/\", but was \"" + path + "\"");
      }
      if (endpoints.putIfAbsent(withoutTrailingSlash(path), receiver) != null) {
        throw new WebhookConfigurationException("two endpoints on the path \"" + path + "\"");
      }
      return this;
    }

    /**
     * Returns the filter.
     *
     * @throws WebhookConfigurationException if no endpoint is configured
     */
    public WebhookFilter build() {
      if (endpoints.isEmpty()) {
        throw new WebhookConfigurationException("at least one endpoint is required");
      }
      return new WebhookFilter(Collections.unmodifiableMap(new LinkedHashMap<>(endpoints)));
    }
  }
}
