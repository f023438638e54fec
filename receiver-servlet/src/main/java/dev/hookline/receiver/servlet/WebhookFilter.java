package dev.hookline.receiver.servlet;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.internal.LogText;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p><b>Tenants.</b> A path whose last segment is {@code {tenant}}, e.g. {@code
 * /webhooks/lucca/{tenant}}, serves a receiver with tenant secrets (see {@link
 * WebhookReceiver#hasTenants()}): the segment is the request's {@linkplain WebhookRequest#tenant()
 * tenant}, and the receiver verifies the request with that tenant's secrets alone. Every path under
 * {@code /webhooks/lucca/} belongs to the endpoint, and so does {@code /webhooks/lucca} unless
 * another endpoint has it: whatever stands after the prefix (an empty segment, further segments, a
 * decoded {@code /}, a character no tenant id has) is handed over as the tenant, which the receiver
 * answers 401 like a bad signature unless it is exactly a known tenant's id. So no path under the
 * prefix is ever answered 404.
 *
 * <pre>{@code
 * WebhookFilter filter = WebhookFilter.builder()
 *     .endpoint("/webhooks/lucca", luccaReceiver)
 *     .endpoint("/webhooks/lucca-customers/{tenant}", luccaTenantsReceiver)
 *     .endpoint("/webhooks/github", gitHubReceiver)
 *     .build();
 * }</pre>
 *
 * <p>The filter only translates. It reads the raw body as bytes, never through a {@code Reader}; a
 * declared {@code Content-Length} over the receiver's limit is not read at all, and a chunked body
 * stops being read one byte past the limit; the receiver then answers 413. Register the filter
 * before any filter that reads the body: if the body was consumed earlier, the filter answers 500
 * naming that cause rather than letting the signature check fail. A request with more than 100
 * distinct header names, or more than 200 header values, is answered 431 (no sender's delivery
 * comes near that; Tomcat's default refuses more than 100 header lines): containers such as Jetty
 * walk every header line to find one name's values, so that copying every header of a crowded
 * request would let an unsigned request cost time quadratic in its header count. The names are
 * counted before any value is read. A body that has not arrived with the request is read
 * asynchronously where the request allows it (the filter, the filters before it and the servlet are
 * {@code asyncSupported}), so that no thread waits for it, and answered 408 if it is still
 * incomplete {@value #BODY_DEADLINE_SECONDS} seconds after the request; elsewhere it is read
 * blocking. Thread-safe.
 */
public final class WebhookFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(WebhookFilter.class);

  /** The most distinct header names a request may carry; one with more is answered 431. */
  static final int MAX_HEADER_NAMES = 100;

  /** The most header values (lines) a request may carry; one with more is answered 431. */
  static final int MAX_HEADER_VALUES = 200;

  /** Seconds a body that had not arrived with the request may take to arrive; then 408. */
  static final int BODY_DEADLINE_SECONDS = 10;

  /** The answer when the connection fails or ends before the body is complete. */
  private static final WebhookResponse UNREADABLE =
      WebhookResponse.text(
          400,
          "request body could not be read: the connection ended or failed before it was whole");

  /** The largest declared body read into an array of its declared size at once. */
  private static final int PRESIZED_BODY = 64 * 1024;

  /** The last segment of a path that names the tenant. */
  private static final String TENANT_SEGMENT = "/{tenant}";

  private final Map<String, WebhookReceiver> endpoints;

  /** Answers the bodies still incomplete at their deadline. */
  private final Deadlines deadlines = new Deadlines();

  /** The receivers of paths without a tenant, by path without a trailing slash. */
  private final Map<String, WebhookReceiver> exact;

  /** The receivers of paths naming the tenant, by the path before {@code /{tenant}}. */
  private final Map<String, WebhookReceiver> byTenantPrefix;

  private WebhookFilter(Map<String, WebhookReceiver> endpoints) {
    this.endpoints = endpoints;
    Map<String, WebhookReceiver> plain = new LinkedHashMap<>();
    Map<String, WebhookReceiver> tenants = new LinkedHashMap<>();
    endpoints.forEach(
        (path, receiver) -> {
          if (path.endsWith(TENANT_SEGMENT)) {
            tenants.put(tenantPrefix(path), receiver);
          } else {
            plain.put(path, receiver);
          }
        });
    this.exact = Map.copyOf(plain);
    this.byTenantPrefix = Map.copyOf(tenants);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The configured paths, each without a trailing slash ({@code {tenant}} kept as configured), and
   * their receivers.
   */
  public Map<String, WebhookReceiver> endpoints() {
    return endpoints;
  }

  /** Stops the thread that answers slow bodies at their deadline, if one was started. */
  @Override
  public void destroy() {
    deadlines.stop();
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
    String bare = withoutTrailingSlash(path);
    WebhookReceiver receiver = exact.get(bare);
    if (receiver != null) {
      serve(http, httpResponse, path, null, receiver);
      return;
    }
    if (!byTenantPrefix.isEmpty()) {
      for (Map.Entry<String, WebhookReceiver> endpoint : byTenantPrefix.entrySet()) {
        String prefix = endpoint.getKey();
        if (bare.equals(prefix) || bare.startsWith(prefix + "/")) {
          // Everything after the prefix, even with slashes in it: the receiver accepts only a
          // tenant id it knows, and answers anything else like a bad signature.
          String tenant =
              bare.length() > prefix.length() ? bare.substring(prefix.length() + 1) : "";
          serve(http, httpResponse, path, tenant, endpoint.getValue());
          return;
        }
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * Translates the request for the receiver and writes its answer: at once when the body has
   * arrived with the request (or when the container cannot read asynchronously), otherwise once it
   * has, the rest read without holding a thread (see {@link AsyncBody}).
   *
   * @param tenant what the path names as the tenant, or null for a path without a tenant
   */
  private void serve(
      HttpServletRequest http,
      HttpServletResponse response,
      String path,
      @Nullable String tenant,
      WebhookReceiver receiver)
      throws IOException {
    WebhookRequest.Builder request = WebhookRequest.builder().method(http.getMethod()).path(path);
    if (tenant != null) {
      request.tenant(tenant);
    }
    WebhookResponse refused = copyHeadersAndQuery(http, request);
    if (refused != null) {
      write(refused, response);
      return;
    }
    long declared = http.getContentLengthLong();
    if (declared > receiver.maxBodySize()) {
      // Over a declared limit the body stays unread: the receiver answers 413 from Content-Length.
      write(receiver.receive(request.build()), response);
      return;
    }
    InputStream in;
    try {
      in = http.getInputStream();
    } catch (IllegalStateException e) {
      log.error(
          "Webhook body at {} was read through getReader() before WebhookFilter",
          LogText.escape(path));
      write(
          WebhookResponse.text(
              500,
              "request body was already read as text by an earlier filter; register WebhookFilter"
                  + " before filters that read the body"),
          response);
      return;
    }
    if (http.isAsyncSupported()) {
      byte[] arrived;
      try {
        arrived = readArrived(in, declared);
      } catch (IOException e) {
        write(UNREADABLE, response);
        return;
      }
      if (arrived.length == declared || (declared < 0 && declaresNoBody(http))) {
        write(receive(request, arrived, declared, path, receiver), response);
      } else {
        AsyncBody.read(
            http, (ServletInputStream) in, request, declared, path, receiver, arrived, deadlines);
      }
      return;
    }
    byte[] body;
    try {
      body = read(in, declared, receiver.maxBodySize());
    } catch (IOException e) {
      write(UNREADABLE, response);
      return;
    }
    write(receive(request, body, declared, path, receiver), response);
  }

  /**
   * Copies the headers and the query into the request, or returns the answer that refuses them. The
   * header names are counted before any value is read: a container may walk every header line to
   * find one name's values, so reading them is quadratic in the names an unsigned request brings.
   */
  private static @Nullable WebhookResponse copyHeadersAndQuery(
      HttpServletRequest http, WebhookRequest.Builder request) {
    List<String> names = new ArrayList<>(16);
    for (Enumeration<String> all = http.getHeaderNames(); all.hasMoreElements(); ) {
      names.add(all.nextElement());
    }
    if (names.size() > MAX_HEADER_NAMES) {
      return WebhookResponse.text(
          431,
          "request has "
              + names.size()
              + " header names; at most "
              + MAX_HEADER_NAMES
              + " are accepted");
    }
    int copied = 0;
    for (String name : names) {
      for (Enumeration<String> values = http.getHeaders(name); values.hasMoreElements(); ) {
        if (++copied > MAX_HEADER_VALUES) {
          return WebhookResponse.text(
              431, "request has more than " + MAX_HEADER_VALUES + " header values");
        }
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
    return null;
  }

  /**
   * The bytes of a declared body that have arrived, read without waiting for more (at most {@value
   * #PRESIZED_BODY} of them); none for a body of unknown length, which is read asynchronously.
   */
  private static byte[] readArrived(InputStream in, long declared) throws IOException {
    if (declared <= 0) {
      return new byte[0];
    }
    byte[] body = new byte[(int) Math.min(declared, PRESIZED_BODY)];
    int read = 0;
    while (read < body.length && in.available() > 0) {
      int count = in.read(body, read, body.length - read);
      if (count < 0) {
        break;
      }
      read += count;
    }
    return read == body.length ? body : Arrays.copyOf(body, read);
  }

  /**
   * Whether a request that declares no length has no body: over HTTP/1.x, one without {@code
   * Transfer-Encoding} (RFC 9112, section 6.3). Over HTTP/2 and later a body in frames declares
   * neither, so it must be read to its end.
   */
  private static boolean declaresNoBody(HttpServletRequest http) {
    return http.getProtocol().startsWith("HTTP/1.") && http.getHeader("Transfer-Encoding") == null;
  }

  /** The receiver's answer to the request with its body, unless an earlier filter took the body. */
  private static WebhookResponse receive(
      WebhookRequest.Builder request,
      byte[] body,
      long declared,
      String path,
      WebhookReceiver receiver) {
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
    return receiver.receive(request.body(body).build());
  }

  /**
   * Reads a body that has not arrived yet without holding a thread, so that senders trickling
   * bodies cannot take every thread of the container from genuine deliveries: the request goes
   * asynchronous, bytes are taken as the container reports them, and the receiver runs once the
   * body is complete. A body that has not arrived {@value #BODY_DEADLINE_SECONDS} seconds after the
   * request is answered 408 then, by the filter's deadline thread, whether its bytes still trickle
   * in or have stopped (the container's idle timeout would wait longer, and end in a failed read).
   * There is no asynchronous timeout, so handlers may take as long as they take.
   */
  private static final class AsyncBody implements ReadListener, AsyncListener {
    private final AsyncContext async;
    private final ServletInputStream in;
    private final WebhookRequest.Builder request;
    private final long declared;
    private final String path;
    private final WebhookReceiver receiver;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[8192];
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile @Nullable ScheduledFuture<?> deadline;

    private AsyncBody(
        AsyncContext async,
        ServletInputStream in,
        WebhookRequest.Builder request,
        long declared,
        String path,
        WebhookReceiver receiver) {
      this.async = async;
      this.in = in;
      this.request = request;
      this.declared = declared;
      this.path = path;
      this.receiver = receiver;
    }

    static void read(
        HttpServletRequest http,
        ServletInputStream in,
        WebhookRequest.Builder request,
        long declared,
        String path,
        WebhookReceiver receiver,
        byte[] arrived,
        Deadlines deadlines) {
      AsyncContext async = http.startAsync();
      async.setTimeout(0);
      AsyncBody reader = new AsyncBody(async, in, request, declared, path, receiver);
      reader.body.write(arrived, 0, arrived.length);
      reader.deadline = deadlines.schedule(reader::expire);
      async.addListener(reader);
      in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() throws IOException {
      try {
        while (!answered.get() && in.isReady()) {
          int read = in.read(chunk);
          if (read < 0) {
            return;
          }
          body.write(chunk, 0, read);
          if (body.size() > receiver.maxBodySize()) {
            answer(receiver.receive(request.body(body.toByteArray()).build()));
          }
        }
      } catch (IOException | RuntimeException e) {
        // The deadline may answer, and complete the request, while bytes are being read.
        if (!answered.get()) {
          throw e;
        }
      }
    }

    @Override
    public void onAllDataRead() {
      if (!answered.get()) {
        answer(receive(request, body.toByteArray(), declared, path, receiver));
      }
    }

    @Override
    public void onError(Throwable failure) {
      answer(UNREADABLE);
    }

    /**
     * The request's asynchronous error (the body's read failed): answered as unreadable, and
     * completed here, since a container whose listeners neither complete nor dispatch a request in
     * error sends it to its error page, which would find the answer written.
     */
    @Override
    public void onError(AsyncEvent event) {
      answer(UNREADABLE);
      try {
        async.complete();
      } catch (IllegalStateException alreadyComplete) {
        log.debug("Request at {} was complete already", LogText.escape(path));
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}

    /** Called at the deadline: a body still incomplete then is answered 408. */
    private void expire() {
      answer(
          WebhookResponse.text(
              408, "request body did not arrive within " + BODY_DEADLINE_SECONDS + " seconds"));
    }

    /** Writes the first answer and completes the request; later ones are dropped. */
    private void answer(WebhookResponse webhookResponse) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      ScheduledFuture<?> pending = deadline;
      if (pending != null) {
        pending.cancel(false);
      }
      try {
        write(webhookResponse, (HttpServletResponse) async.getResponse());
      } catch (IOException | RuntimeException e) {
        log.debug("Answer at {} could not be written", LogText.escape(path), e);
      } finally {
        async.complete();
      }
    }
  }

  /**
   * One daemon thread, started with the first body read asynchronously and stopped when the
   * container destroys the filter, that runs each such body's deadline; a body answered before its
   * deadline cancels it.
   */
  private static final class Deadlines {
    private @Nullable ScheduledThreadPoolExecutor timer;

    synchronized ScheduledFuture<?> schedule(Runnable expiry) {
      ScheduledThreadPoolExecutor running = timer;
      if (running == null) {
        running =
            new ScheduledThreadPoolExecutor(
                1,
                task -> {
                  Thread thread = new Thread(task, "hookline-body-deadlines");
                  thread.setDaemon(true);
                  return thread;
                });
        running.setRemoveOnCancelPolicy(true);
        timer = running;
      }
      return running.schedule(expiry, BODY_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    synchronized void stop() {
      if (timer != null) {
        timer.shutdownNow();
        timer = null;
      }
    }
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
   * path without and with one trailing slash; for a path naming the tenant, every path under its
   * prefix ({@code /webhooks/lucca/*} for {@code /webhooks/lucca/{tenant}}, which also matches
   * {@code /webhooks/lucca}). Use them to map the filter to its endpoints alone (e.g. {@code
   * FilterRegistration.addMappingForUrlPatterns}); mapping it to {@code /*} works too.
   */
  public static List<String> urlPatterns(String path) {
    String bare = withoutTrailingSlash(Objects.requireNonNull(path, "path"));
    if (bare.endsWith(TENANT_SEGMENT)) {
      return List.of(tenantPrefix(bare) + "/*");
    }
    return bare.equals("/") ? List.of(bare) : List.of(bare, bare + "/");
  }

  /** The path before {@code /{tenant}}: {@code /webhooks/lucca}, or empty for {@code /{tenant}}. */
  private static String tenantPrefix(String path) {
    return path.substring(0, path.length() - TENANT_SEGMENT.length());
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
     * or without one trailing slash, to the receiver. A path whose last segment is {@code {tenant}}
     * (e.g. {@code /webhooks/lucca/{tenant}}) takes a receiver with tenant secrets and hands it the
     * segment as the tenant; see the class description.
     *
     * @throws WebhookConfigurationException if the path does not start with {@code /}, is already
     *     mapped (with or without a trailing slash), has {@code {tenant}} elsewhere than after a
     *     fixed prefix as its last segment, names the tenant for a receiver without tenant secrets
     *     or does not for one with them, or lies under the prefix of a path naming the tenant (or
     *     such a path's prefix lies under another endpoint's path naming the tenant), or if another
     *     receiver of this filter has the same {@linkplain WebhookReceiver#endpoint() name} and,
     *     like it, tenants or none (their keys would be one namespace; one receiver may serve
     *     several paths)
     */
    public Builder endpoint(String path, WebhookReceiver receiver) {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(receiver, "receiver");
      if (!path.startsWith("/")) {
        throw new WebhookConfigurationException(
            "endpoint path must start with \"/\", but was \"" + path + "\"");
      }
      String bare = withoutTrailingSlash(path);
      boolean namesTenant = bare.endsWith(TENANT_SEGMENT);
      String fixed = namesTenant ? tenantPrefix(bare) : bare;
      if (fixed.isEmpty() || fixed.contains("{") || fixed.contains("}")) {
        throw new WebhookConfigurationException(
            "endpoint path \""
                + path
                + "\" may hold only {tenant}, and only as its last segment after a fixed"
                + " prefix, e.g. \"/webhooks/lucca/{tenant}\"");
      }
      if (namesTenant != receiver.hasTenants()) {
        throw new WebhookConfigurationException(
            namesTenant
                ? "endpoint path \""
                    + path
                    + "\" names the tenant, but its receiver has no tenant secrets (give it"
                    + " verifier(scheme, secretSource))"
                : "the receiver of endpoint path \""
                    + path
                    + "\" verifies with tenant secrets, but the path does not name the tenant"
                    + " (end it with /{tenant})");
      }
      for (String other : endpoints.keySet()) {
        String clash = clash(bare, other);
        if (clash == null) {
          clash = clash(other, bare);
        }
        if (clash != null) {
          throw new WebhookConfigurationException(clash);
        }
      }
      if (endpoints.containsKey(bare)) {
        throw new WebhookConfigurationException("two endpoints on the path \"" + path + "\"");
      }
      for (Map.Entry<String, WebhookReceiver> other : endpoints.entrySet()) {
        WebhookReceiver otherReceiver = other.getValue();
        if (otherReceiver != receiver
            && otherReceiver.endpoint().equals(receiver.endpoint())
            && otherReceiver.hasTenants() == receiver.hasTenants()) {
          throw new WebhookConfigurationException(
              "the receivers of \""
                  + other.getKey()
                  + "\" and \""
                  + bare
                  + "\" are both named \""
                  + receiver.endpoint()
                  + "\": their events' keys would share one namespace, so that one could take the"
                  + " other's events for duplicates; name each with endpoint(name)");
        }
      }
      endpoints.put(bare, receiver);
      return this;
    }

    /**
     * Why {@code path} cannot be served beside {@code tenantPath}, whose tenant prefix claims every
     * path under it; null if it can (or {@code tenantPath} names no tenant).
     */
    private static @Nullable String clash(String tenantPath, String path) {
      if (!tenantPath.endsWith(TENANT_SEGMENT) || tenantPath.equals(path)) {
        return null;
      }
      String prefix = tenantPrefix(tenantPath);
      String fixed = path.endsWith(TENANT_SEGMENT) ? tenantPrefix(path) : path;
      boolean under =
          fixed.startsWith(prefix + "/") || (fixed.equals(prefix) && !fixed.equals(path));
      return under
          ? "endpoint path \""
              + path
              + "\" lies under \""
              + prefix
              + "/\", whose every path goes to the endpoint \""
              + tenantPath
              + "\""
          : null;
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
