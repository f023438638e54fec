package dev.hookline.receiver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.dispatch.Dispatcher;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.dispatch.WebhookHandler;
import dev.hookline.receiver.event.CloudEventsReader;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.MalformedEventException;
import dev.hookline.receiver.event.MediaTypes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.IdempotencyStoreException;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.inbox.InboxWorker;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the webhooks of one endpoint: answers the activation challenge, enforces limits,
 * verifies the signature over the raw bytes, reads typed events, drops duplicates, runs the
 * matching handlers and maps every outcome to the HTTP status the sender expects (see the table in
 * the README). Build one per endpoint; immutable and thread-safe.
 *
 * <pre>{@code
 * WebhookReceiver receiver = Lucca.receiver(secret)
 *     .on(LuccaTopics.EMPLOYEE_UPDATED, Employee.class, (employee, event) -> ...)
 *     .build();
 * WebhookResponse response = receiver.receive(request);
 * }</pre>
 */
public final class WebhookReceiver {

  /** Default body limit: 1 MiB. Larger bodies are answered 413. */
  public static final int DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

  /** The longest activation challenge value echoed back, in characters. */
  public static final int MAX_CHALLENGE_LENGTH = 500;

  /**
   * Default JSON limits: nesting depth 64, numbers of at most 100 digits, strings and names within
   * the default body size. A body breaking one is answered 400.
   */
  public static final StreamReadConstraints DEFAULT_JSON_CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(64)
          .maxNumberLength(100)
          .maxStringLength(DEFAULT_MAX_BODY_SIZE)
          .maxNameLength(1024)
          .build();

  /** Seconds a sender is asked to wait (Retry-After) when a delivery cannot be processed now. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

  private static final Function<String, Class<?>> NO_DATA_TYPES = topic -> null;

  private static final Map<String, String> RETRY_AFTER =
      Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));

  private final SignatureVerifier verifier;
  private final EventReader reader;
  private final Dispatcher dispatcher;
  private final Function<String, Class<?>> dataTypes;
  private final IdempotencyStore store;
  private final Inbox inbox;
  private final ReceiverListener listener;
  private final ObjectMapper mapper;
  private final int maxBodySize;
  private final boolean challenge;
  private final String allow;

  private WebhookReceiver(Builder builder, ObjectMapper mapper) {
    this.verifier = builder.verifier;
    this.reader = builder.reader;
    this.dispatcher = builder.dispatcher.build();
    this.dataTypes = dispatcher::dataType;
    this.store = builder.store != null ? builder.store : InMemoryIdempotencyStore.create();
    this.inbox = builder.inbox;
    this.listener =
        builder.listeners.isEmpty()
            ? new ReceiverListener() {}
            : new SafeListener(List.copyOf(builder.listeners));
    this.mapper = mapper;
    this.maxBodySize = builder.maxBodySize;
    this.challenge = builder.challenge;
    this.allow = challenge ? "GET, POST" : "POST";
  }

  /** Starts a builder; a verifier and a reader must be chosen. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Receives one request and returns the response to send back. Never throws for bad input: every
   * problem becomes a 4xx or 5xx response.
   */
  public WebhookResponse receive(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    listener.received(request);
    String method = request.method();
    if (challenge && method.equals("GET")) {
      return challenge(request);
    }
    if (!method.equals("POST")) {
      return reject(
          request,
          405,
          "method " + method + " is not allowed; use " + allow,
          Map.of("Allow", allow));
    }
    if (request.body().length > maxBodySize || declaredLength(request) > maxBodySize) {
      return reject(request, 413, "body exceeds the limit of " + maxBodySize + " bytes", Map.of());
    }
    Optional<String> contentType = request.headers().first("content-type");
    if (contentType.isEmpty() || !MediaTypes.isJson(MediaTypes.essence(contentType.get()))) {
      return reject(
          request,
          415,
          "Content-Type must be application/json or a CloudEvents JSON type, but was "
              + contentType.map(value -> "\"" + value + "\"").orElse("absent"),
          Map.of());
    }
    Verification verification = verifier.verify(request);
    if (!verification.isValid()) {
      return reject(
          request,
          401,
          "signature rejected: "
              + verification.reason().orElseThrow()
              + ": "
              + verification.detail(),
          Map.of());
    }
    List<WebhookEvent> events;
    try {
      events = read(request);
    } catch (MalformedEventException e) {
      return reject(request, 400, "malformed event: " + e.getMessage(), Map.of());
    }
    return respond(handle(request, events));
  }

  /**
   * Processes events obtained from the sender's API instead of over HTTP, such as a missed delivery
   * fetched for replay: no signature is checked (the authenticated API is the trust), but the
   * request goes through the same reader, idempotency keys and handlers (or inbox) as live
   * deliveries, so an event handled live is not handled again.
   *
   * <p>The body limit and the content-type check do not apply either: the API, not the open
   * internet, supplied the body.
   *
   * @param request the event as the sender would have delivered it: its JSON body and the headers
   *     the reader needs (e.g. {@code Content-Type})
   * @return the outcome of each event the body holds
   * @throws MalformedEventException if the body is not a complete envelope
   */
  public List<DeliveryOutcome> replay(WebhookRequest request) {
    return handle(request, read(Objects.requireNonNull(request, "request")));
  }

  /**
   * Reads the events of a request that arrived: a synchronous receiver lets the reader bind data
   * for the typed handlers in the same pass, an asynchronous one only stores the request (its
   * worker binds when it reads the request again).
   */
  private List<WebhookEvent> read(WebhookRequest request) {
    return read(request, inbox == null ? dataTypes : NO_DATA_TYPES);
  }

  private List<WebhookEvent> read(WebhookRequest request, Function<String, Class<?>> types) {
    return CloudEventsReader.isCloudEvents(request)
        ? CloudEventsReader.create().read(request, mapper)
        : reader.read(request, mapper, types);
  }

  /**
   * Runs the handlers of an event an asynchronous receiver accepted earlier: the stored request is
   * read again (it was verified when accepted) and the event with the message's key dispatched.
   * Called by {@link InboxWorker}.
   *
   * @throws MalformedEventException if the stored request no longer holds that event
   * @throws dev.hookline.receiver.dispatch.HandlerFailedException if a handler threw
   */
  public void dispatchStored(InboxMessage message) {
    WebhookRequest request =
        WebhookRequest.builder().headers(message.headers()).body(message.body()).build();
    WebhookEvent event =
        read(request, dataTypes).stream()
            .filter(candidate -> candidate.idempotencyKey().equals(message.key()))
            .findFirst()
            .orElseThrow(
                () ->
                    new MalformedEventException("stored request holds no event " + message.key()));
    long start = System.nanoTime();
    try {
      dispatcher.dispatch(event);
    } catch (RuntimeException e) {
      listener.failed(event, since(start), e);
      throw e;
    }
    listener.handled(event, since(start));
  }

  /** Claims and dispatches each event (sync), or stores it in the inbox (async). */
  private List<DeliveryOutcome> handle(WebhookRequest request, List<WebhookEvent> events) {
    List<DeliveryOutcome> outcomes = new ArrayList<>(events.size());
    for (WebhookEvent event : events) {
      if (!dispatcher.handles(event.topic())) {
        log.info("Ignored {}: no handler for its topic", event);
        listener.ignored(event);
        outcomes.add(DeliveryOutcome.IGNORED);
      } else {
        outcomes.add(inbox == null ? process(event) : accept(request, event));
      }
    }
    return outcomes;
  }

  private DeliveryOutcome accept(WebhookRequest request, WebhookEvent event) {
    try {
      if (inbox.accept(event.idempotencyKey(), event.topic(), request)) {
        return DeliveryOutcome.ACCEPTED;
      }
      listener.duplicate(event, false);
      return DeliveryOutcome.DUPLICATE;
    } catch (RuntimeException e) {
      log.error("Inbox failed to store {}; answering 503", event, e);
      listener.failed(event, Duration.ZERO, e);
      return DeliveryOutcome.STORE_UNAVAILABLE;
    }
  }

  /** The largest body this receiver accepts; adapters stop reading past it. */
  public int maxBodySize() {
    return maxBodySize;
  }

  /** The inbox of an asynchronous receiver; empty for a synchronous one. */
  public Optional<Inbox> inbox() {
    return Optional.ofNullable(inbox);
  }

  /** Whether GET requests are answered as activation challenges. */
  public boolean challengeEnabled() {
    return challenge;
  }

  /** Answers for the worst outcome. */
  private static WebhookResponse respond(List<DeliveryOutcome> outcomes) {
    DeliveryOutcome worst = DeliveryOutcome.HANDLED;
    for (DeliveryOutcome outcome : outcomes) {
      if (outcome.ordinal() > worst.ordinal()) {
        worst = outcome;
      }
    }
    return switch (worst) {
      case HANDLED, IGNORED, DUPLICATE -> WebhookResponse.of(200);
      case ACCEPTED -> WebhookResponse.of(202);
      case IN_FLIGHT ->
          WebhookResponse.text(503, "this event is being processed; retry later", RETRY_AFTER);
      case STORE_UNAVAILABLE ->
          WebhookResponse.text(503, "deduplication store unavailable; retry later", RETRY_AFTER);
      case FAILED -> WebhookResponse.text(500, "a handler failed; retry later");
    };
  }

  private DeliveryOutcome process(WebhookEvent event) {
    long start = System.nanoTime();
    Claim claim;
    try {
      claim = store.claim(event.idempotencyKey());
    } catch (RuntimeException e) {
      log.error("Idempotency store failed to claim {}; answering 503", event, e);
      listener.failed(event, since(start), e);
      return DeliveryOutcome.STORE_UNAVAILABLE;
    }
    switch (claim.status()) {
      case DONE -> {
        listener.duplicate(event, false);
        return DeliveryOutcome.DUPLICATE;
      }
      case IN_FLIGHT -> {
        listener.duplicate(event, true);
        return DeliveryOutcome.IN_FLIGHT;
      }
      default -> {
        return dispatch(event, claim, start);
      }
    }
  }

  private DeliveryOutcome dispatch(WebhookEvent event, Claim claim, long start) {
    boolean completed = false;
    try {
      dispatcher.dispatch(event);
      completed = true;
    } catch (RuntimeException e) {
      log.error(
          "Handling {} failed; its claim is released so that a retry runs it again", event, e);
      listener.failed(event, since(start), e);
      return DeliveryOutcome.FAILED;
    } finally {
      settle(claim, completed, event);
    }
    listener.handled(event, since(start));
    return DeliveryOutcome.HANDLED;
  }

  /** Completes or releases the claim; a store failure here cannot undo handlers that ran. */
  private void settle(Claim claim, boolean completed, WebhookEvent event) {
    try {
      if (completed) {
        store.complete(claim);
      } else {
        store.release(claim);
      }
    } catch (IdempotencyStoreException e) {
      log.error(
          "Idempotency store failed to {} {}; its lease will expire",
          completed ? "complete" : "release",
          event,
          e);
    }
  }

  private WebhookResponse challenge(WebhookRequest request) {
    Optional<String> value =
        request.queryParameter("echo").or(() -> request.queryParameter("challenge"));
    if (value.isEmpty()) {
      return reject(
          request,
          400,
          "activation challenge needs an echo or challenge query parameter",
          Map.of());
    }
    String echo = value.get();
    if (echo.codePointCount(0, echo.length()) > MAX_CHALLENGE_LENGTH) {
      return reject(
          request,
          400,
          "activation challenge value exceeds " + MAX_CHALLENGE_LENGTH + " characters",
          Map.of());
    }
    return WebhookResponse.text(
        200, echo, Map.of("X-Content-Type-Options", "nosniff", "Cache-Control", "no-store"));
  }

  private WebhookResponse reject(
      WebhookRequest request, int status, String reason, Map<String, String> headers) {
    log.debug("Rejected {} with {}: {}", request, status, LogText.escape(reason));
    listener.rejected(request, status, reason);
    return WebhookResponse.text(status, reason, headers);
  }

  /**
   * The {@code Content-Length} header, or -1. Adapters do not read a body whose declared length is
   * over the limit, so the header alone decides the 413 then.
   */
  private static long declaredLength(WebhookRequest request) {
    List<String> values = request.headers().all("content-length");
    String value = values.isEmpty() ? "" : values.get(0);
    if (value.isEmpty() || value.length() > 18) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(value);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public String toString() {
    return "WebhookReceiver[verifier="
        + verifier
        + ", handlers="
        + dispatcher.patterns()
        + (inbox == null ? ", sync" : ", async " + inbox)
        + "]";
  }

  /** Configures a {@link WebhookReceiver}; not thread-safe. */
  public static final class Builder {
    private SignatureVerifier verifier;
    private EventReader reader;
    private final Dispatcher.Builder dispatcher = Dispatcher.builder();
    private IdempotencyStore store;
    private Inbox inbox;
    private final List<ReceiverListener> listeners = new ArrayList<>();
    private ObjectMapper objectMapper;
    private StreamReadConstraints jsonConstraints = DEFAULT_JSON_CONSTRAINTS;
    private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private boolean challenge;

    private Builder() {}

    /**
     * How requests are authenticated; required (choose {@code SignatureVerifier.unverified}
     * explicitly).
     */
    public Builder verifier(SignatureVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * How the provider's JSON becomes events; required. CloudEvents framings are read in any case.
     */
    public Builder reader(EventReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /** Whether GET requests are activation challenges (Lucca); default off. */
    public Builder challenge(boolean enabled) {
      this.challenge = enabled;
      return this;
    }

    /** The largest accepted body in bytes; default {@value #DEFAULT_MAX_BODY_SIZE}. */
    public Builder maxBodySize(int bytes) {
      this.maxBodySize = bytes;
      return this;
    }

    /** JSON limits (depth, string and number length); default {@link #DEFAULT_JSON_CONSTRAINTS}. */
    public Builder jsonConstraints(StreamReadConstraints constraints) {
      this.jsonConstraints = Objects.requireNonNull(constraints, "constraints");
      return this;
    }

    /**
     * The mapper event data binds with. The receiver works on a copy with its JSON limits, strict
     * duplicate detection and unknown properties ignored; the given mapper is not changed. Default:
     * a plain {@link ObjectMapper}.
     */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
      return this;
    }

    /** Where processed keys are remembered; default a new {@link InMemoryIdempotencyStore}. */
    public Builder idempotencyStore(IdempotencyStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Makes the receiver asynchronous: verified events are stored in the inbox and answered 202
     * (200 for a copy already accepted); an {@link InboxWorker} runs the handlers later. The inbox
     * deduplicates, so the idempotency store is not used. Default: synchronous.
     */
    public Builder async(Inbox inbox) {
      this.inbox = Objects.requireNonNull(inbox, "inbox");
      return this;
    }

    /** Adds an observer; several may be added. */
    public Builder listener(ReceiverListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Handles events matching the topic pattern, their data bound to {@code type}. */
    public <T> Builder on(String topicPattern, Class<T> type, WebhookHandler<T> handler) {
      dispatcher.on(topicPattern, type, handler);
      return this;
    }

    /** Handles events matching the topic pattern as they are. */
    public Builder on(String topicPattern, EventHandler handler) {
      dispatcher.on(topicPattern, handler);
      return this;
    }

    /** Handles every event. */
    public Builder onAny(EventHandler handler) {
      return on("*", handler);
    }

    /**
     * Validates the configuration and returns the receiver.
     *
     * @throws WebhookConfigurationException if no verifier or reader is chosen, or a limit is not
     *     positive
     */
    public WebhookReceiver build() {
      if (verifier == null) {
        throw new WebhookConfigurationException(
            "a verifier is required; choose SignatureVerifier.unverified(…) explicitly to accept"
                + " unsigned requests");
      }
      if (reader == null) {
        throw new WebhookConfigurationException("a reader is required");
      }
      if (maxBodySize < 1) {
        throw new WebhookConfigurationException(
            "maxBodySize must be positive, but was " + maxBodySize);
      }
      ObjectMapper mapper = objectMapper == null ? new ObjectMapper() : objectMapper.copy();
      mapper.getFactory().setStreamReadConstraints(jsonConstraints);
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      mapper.registerModule(CloudEventsReader.jacksonModule());
      return new WebhookReceiver(this, mapper);
    }
  }

  /** Fans out to the listeners; a listener that throws is logged, never breaks a delivery. */
  private static final class SafeListener implements ReceiverListener {
    private final List<ReceiverListener> listeners;

    SafeListener(List<ReceiverListener> listeners) {
      this.listeners = listeners;
    }

    private void each(java.util.function.Consumer<ReceiverListener> call) {
      for (ReceiverListener target : listeners) {
        try {
          call.accept(target);
        } catch (RuntimeException e) {
          log.warn("Receiver listener {} threw; ignored", target, e);
        }
      }
    }

    @Override
    public void received(WebhookRequest request) {
      each(l -> l.received(request));
    }

    @Override
    public void rejected(WebhookRequest request, int status, String reason) {
      each(l -> l.rejected(request, status, reason));
    }

    @Override
    public void duplicate(WebhookEvent event, boolean inFlight) {
      each(l -> l.duplicate(event, inFlight));
    }

    @Override
    public void ignored(WebhookEvent event) {
      each(l -> l.ignored(event));
    }

    @Override
    public void handled(WebhookEvent event, Duration duration) {
      each(l -> l.handled(event, duration));
    }

    @Override
    public void failed(WebhookEvent event, Duration duration, Throwable failure) {
      each(l -> l.failed(event, duration, failure));
    }
  }
}
