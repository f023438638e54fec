package dev.hookline.receiver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.DeliveryOutcome;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.RetryStatuses;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.dispatch.WebhookHandler;
import dev.hookline.receiver.event.CloudEventsReader;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.event.OrderingKey;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.internal.KeyNamespaces;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.internal.TenantIds;
import dev.hookline.receiver.internal.json.EventJson;
import dev.hookline.receiver.internal.json.FormPayload;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
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

  /**
   * The longest challenge value echoed back, in characters: a {@code GET} activation challenge's or
   * a reader's {@linkplain EventReader#handshake handshake} answer. A longer one is answered 400.
   */
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

  /**
   * The endpoint name of a receiver that is not given one. Idempotency keys are stored as {@code
   * <endpoint>|<key>}, so receivers sharing a store must have distinct names; the provider presets
   * name theirs after the provider.
   */
  public static final String DEFAULT_ENDPOINT = "default";

  private static final Pattern ENDPOINT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

  private static final Function<String, @Nullable Class<?>> NO_DATA_TYPES = topic -> null;

  private static final Map<String, String> RETRY_AFTER =
      Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));

  private final String endpoint;
  private final SignatureVerifier verifier;
  private final boolean tenants;
  private final EventReader reader;
  private final Set<Framing> framings;
  private final CloudEventsReader cloudEvents;
  private final RetryStatuses retryStatuses;
  private final OrderingKey orderingKey;
  private final Dispatcher dispatcher;
  private final Function<String, @Nullable Class<?>> dataTypes;
  private final IdempotencyStore store;
  private final @Nullable Inbox inbox;

  /**
   * Whether the reader takes topics from headers the verifier does not sign: then the key of an
   * event no handler takes is remembered too (see {@link EventReader#topicHeaders()}).
   */
  private final boolean topicsUnsigned;

  private final ReceiverListener listener;

  /** Whether any listener was added: only then are handlers timed. */
  private final boolean timed;

  private final ObjectMapper mapper;
  private final int maxBodySize;
  private final boolean challenge;
  private final String allow;

  @SuppressWarnings("NullAway") // build() checked that the reader is set
  private WebhookReceiver(
      Builder builder,
      SignatureVerifier verifier,
      ObjectMapper mapper,
      CloudEventsReader cloudEvents) {
    this.endpoint = builder.endpoint;
    this.verifier = verifier;
    this.tenants = verifier instanceof TenantVerifier;
    this.reader = builder.reader;
    this.framings = Set.copyOf(builder.framings);
    this.cloudEvents = cloudEvents;
    this.retryStatuses = builder.retryStatuses;
    this.orderingKey = builder.orderingKey;
    this.dispatcher = builder.dispatcher.build();
    this.dataTypes = dispatcher::dataType;
    this.store = builder.store != null ? builder.store : InMemoryIdempotencyStore.create();
    this.inbox = builder.inbox;
    this.topicsUnsigned =
        !Builder.lowerCase(verifier.signedHeaders())
            .containsAll(Builder.lowerCase(builder.reader.topicHeaders()));
    this.timed = !builder.listeners.isEmpty();
    this.listener =
        timed ? new SafeListener(List.copyOf(builder.listeners)) : new ReceiverListener() {};
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
    Framing framing = Framing.of(request, framings);
    if (!framings.contains(framing)) {
      return reject(request, 415, notAccepted(framing), Map.of());
    }
    Optional<String> contentType = request.headers().first("content-type");
    if (framing != Framing.CLOUDEVENTS_BINARY
        && framing != Framing.FORM_PAYLOAD
        && (contentType.isEmpty() || !MediaTypes.isJson(MediaTypes.essence(contentType.get())))) {
      return reject(
          request,
          415,
          "Content-Type must be application/json or a CloudEvents JSON type"
              + (framings.contains(Framing.FORM_PAYLOAD) ? " or " + MediaTypes.FORM : "")
              + ", but was "
              + contentType.map(value -> "\"" + LogText.escape(value) + "\"").orElse("absent"),
          Map.of());
    }
    for (String coding : request.headers().all("content-encoding")) {
      // Signatures cover the bytes as sent, and those are what is read: a coded body is neither.
      if (!coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
        return reject(
            request,
            415,
            "Content-Encoding \""
                + LogText.escape(coding)
                + "\" is not accepted; send the body as is",
            Map.of());
      }
    }
    Verification verification;
    try {
      verification = verify(request);
    } catch (RuntimeException e) {
      // A secret source that cannot answer now (its database is down) is no proof that the
      // request is forged: answered like an unreachable store, so that the sender retries.
      log.error("Verifying {} failed; answering as a failure to retry", request, e);
      String reason = "the signature cannot be checked now; retry later";
      int status = retryStatuses.status(DeliveryOutcome.STORE_UNAVAILABLE);
      listener.rejected(request, status, reason);
      return retry(DeliveryOutcome.STORE_UNAVAILABLE, reason);
    }
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
      events = read(request, framing, arrivedTypes());
      if (events.isEmpty()) {
        Optional<String> handshake = handshake(request, framing);
        if (handshake.isPresent()) {
          return echo(request, handshake.get());
        }
      }
    } catch (MalformedEventException e) {
      return reject(request, 400, "malformed event: " + e.getMessage(), Map.of());
    } catch (RuntimeException e) {
      // A reader's defect, not the sender's: answered so that the sender retries (a 4xx could
      // drop a genuine event for good), and logged so that it gets fixed.
      log.error("Reading {} failed unexpectedly; answering as a failure to retry", request, e);
      String reason = "the event could not be read; retry later";
      listener.rejected(request, retryStatuses.status(DeliveryOutcome.FAILED), reason);
      return retry(DeliveryOutcome.FAILED, reason);
    }
    return respond(handle(request, events));
  }

  /**
   * Verifies the request: with its tenant's secrets alone on an endpoint with tenants, which
   * answers a request naming no known tenant exactly as it answers a bad signature; with the
   * endpoint's verifier otherwise, where a request naming a tenant is refused, since nothing here
   * could vouch for it.
   */
  private Verification verify(WebhookRequest request) {
    if (!tenants && request.tenant().isPresent()) {
      return Verification.invalid(
          Reason.NO_MATCHING_SIGNATURE, "this endpoint has no tenants, but the request names one");
    }
    return verifier.verify(request);
  }

  private String notAccepted(Framing framing) {
    return "this endpoint does not accept "
        + describe(framing)
        + "; it accepts "
        + String.join(", ", framings.stream().sorted().map(WebhookReceiver::describe).toList());
  }

  private static String describe(Framing framing) {
    return switch (framing) {
      case PROVIDER -> "the provider's JSON";
      case CLOUDEVENTS_STRUCTURED -> "structured CloudEvents (" + MediaTypes.CLOUDEVENTS_JSON + ")";
      case CLOUDEVENTS_BATCH -> "CloudEvents batches (" + MediaTypes.CLOUDEVENTS_BATCH_JSON + ")";
      case CLOUDEVENTS_BINARY -> "CloudEvents binary mode (ce-* headers)";
      case FORM_PAYLOAD ->
          "the provider's JSON in a form's payload field (" + MediaTypes.FORM + ")";
    };
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
   * @param request the event as the sender would have delivered it: its JSON body, the headers the
   *     reader needs (e.g. {@code Content-Type}) and, on an endpoint with tenants, the {@linkplain
   *     WebhookRequest#tenant() tenant} whose event it is
   * @return the outcome of each event the body holds
   * @throws MalformedEventException if the body is not a complete envelope
   * @throws IllegalArgumentException if the request names no valid tenant on an endpoint with
   *     tenants, or names one on an endpoint without
   */
  public List<DeliveryOutcome> replay(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    Optional<String> tenant = request.tenant();
    if (tenants ? tenant.filter(TenantIds::isValid).isEmpty() : tenant.isPresent()) {
      throw new IllegalArgumentException(
          tenants
              ? "endpoint "
                  + endpoint
                  + " has tenants: a replayed request must name one ("
                  + TenantIds.RULE
                  + ")"
              : "endpoint " + endpoint + " has no tenants, but the replayed request names one");
    }
    List<Result> results = handle(request, read(request, acceptedFraming(request), arrivedTypes()));
    List<DeliveryOutcome> outcomes = new ArrayList<>(results.size());
    for (Result result : results) {
      outcomes.add(result.outcome());
    }
    return outcomes;
  }

  /**
   * What the reader may bind for a request that arrived: a synchronous receiver lets it bind data
   * for the typed handlers in the same pass, an asynchronous one only stores the request (its
   * worker binds when it reads the request again).
   */
  private Function<String, @Nullable Class<?>> arrivedTypes() {
    return inbox == null ? dataTypes : NO_DATA_TYPES;
  }

  /**
   * The framing of a replayed or stored request, which must be one the endpoint accepts (a request
   * that arrives is answered 415 before this).
   *
   * @throws MalformedEventException if the endpoint does not accept it
   */
  private Framing acceptedFraming(WebhookRequest request) {
    Framing framing = Framing.of(request, framings);
    if (!framings.contains(framing)) {
      throw new MalformedEventException(notAccepted(framing));
    }
    return framing;
  }

  /**
   * The reader's answer when a verified request in the provider's framing that holds no event is a
   * handshake (see {@link EventReader#handshake}); its body must be UTF-8 like an event's. Asked
   * only when the reader found no event, so a delivery is parsed once.
   */
  private Optional<String> handshake(WebhookRequest request, Framing framing) {
    if (framing != Framing.PROVIDER) {
      return Optional.empty();
    }
    Optional<String> answer = reader.handshake(request, mapper);
    if (answer.isPresent()) {
      EventJson.requireUtf8(request.body());
    }
    return answer;
  }

  /**
   * Reads the request in its framing, which the caller checked the endpoint accepts. A form's
   * payload is read as a JSON request of its own, framed as any JSON body is (so that a payload
   * shaped as a CloudEvent has the identity it has when sent as JSON).
   */
  private List<WebhookEvent> read(
      WebhookRequest request, Framing framing, Function<String, @Nullable Class<?>> types) {
    if (framing == Framing.FORM_PAYLOAD) {
      WebhookRequest json = FormPayload.unwrap(request);
      return read(json, Framing.of(json, framings), types);
    }
    if (framing != Framing.CLOUDEVENTS_BINARY) {
      EventJson.requireUtf8(request.body()); // binary-mode data may be any bytes
    }
    return framing.isCloudEvents()
        ? cloudEvents.read(request, mapper, framing)
        : reader.read(request, mapper, types);
  }

  /**
   * The key an event is claimed and stored under: namespaced by the endpoint, and by the tenant on
   * an endpoint with tenants ({@code lucca/acme|<key>}), so that one tenant's event never marks
   * another's with the same id as done. Neither name can hold a {@code /} or a {@code |}.
   */
  private String key(WebhookEvent event) {
    return namespace(event) + "|" + event.idempotencyKey();
  }

  /**
   * The endpoint's name, and the tenant's after a slash: what keys are stored under, and what the
   * bounded in-memory stores read back as the key's namespace ({@link KeyNamespaces}).
   */
  private String namespace(WebhookEvent event) {
    Optional<String> tenant = event.tenant();
    return tenant.isEmpty() ? endpoint : endpoint + "/" + tenant.get();
  }

  /** The tenant a stored key names ({@code lucca/acme|<key>}), or null. */
  private @Nullable String tenantOf(String key) {
    String prefix = endpoint + "/";
    String namespace = KeyNamespaces.of(key);
    return namespace.startsWith(prefix) && namespace.length() > prefix.length()
        ? namespace.substring(prefix.length())
        : null;
  }

  /**
   * Runs the handlers of an event an asynchronous receiver accepted earlier: the stored request is
   * read again (it was verified when accepted) and the event with the message's key dispatched.
   * Called by {@link InboxWorker}.
   *
   * @throws MalformedEventException if the stored request no longer holds that event
   * @throws EventBindingException if the data does not bind to a type a handler declares; no
   *     handler ran, and a retry cannot help
   * @throws dev.hookline.receiver.core.HandlerFailedException if a handler threw
   */
  void dispatchStored(InboxMessage message) {
    WebhookRequest.Builder stored =
        WebhookRequest.builder().headers(message.headers()).body(message.body());
    String tenant = tenantOf(message.key());
    if (tenant != null) {
      stored.tenant(tenant);
    }
    WebhookRequest request = stored.build();
    List<WebhookEvent> keyed =
        read(request, acceptedFraming(request), dataTypes).stream()
            // Messages stored before keys were namespaced by endpoint carry the bare key; the
            // stored request was verified when accepted, so either form finds its event.
            .filter(
                candidate ->
                    key(candidate).equals(message.key())
                        || candidate.idempotencyKey().equals(message.key()))
            .toList();
    // A batch may hold several events under one key (the same id twice): the one accepted is the
    // one of the stored topic, not merely the first, which may be one no handler takes. A topic
    // the store did not keep exactly leaves the key alone to decide.
    WebhookEvent event =
        keyed.stream()
            .filter(candidate -> candidate.topic().equals(message.topic()))
            .findFirst()
            .or(() -> keyed.stream().findFirst())
            .orElseThrow(
                () ->
                    new MalformedEventException("stored request holds no event " + message.key()));
    if (!dispatcher.handles(event.topic())) {
      // Stored only for its key (topics from unsigned headers): nothing to run.
      listener.ignored(event);
      return;
    }
    long start = now();
    try {
      dispatcher.dispatch(event);
    } catch (EventBindingException e) {
      listener.unbindable(event, e);
      throw e;
    } catch (RuntimeException e) {
      listener.failed(event, since(start), e);
      throw e;
    }
    listener.handled(event, since(start));
  }

  /** What became of one event, and for unbindable data the problem to answer with. */
  private record Result(DeliveryOutcome outcome, @Nullable String problem) {
    static final Result HANDLED = new Result(DeliveryOutcome.HANDLED, null);
    static final Result IGNORED = new Result(DeliveryOutcome.IGNORED, null);
    static final Result DUPLICATE = new Result(DeliveryOutcome.DUPLICATE, null);
    static final Result ACCEPTED = new Result(DeliveryOutcome.ACCEPTED, null);
    static final Result IN_FLIGHT = new Result(DeliveryOutcome.IN_FLIGHT, null);
    static final Result STORE_UNAVAILABLE = new Result(DeliveryOutcome.STORE_UNAVAILABLE, null);
    static final Result FAILED = new Result(DeliveryOutcome.FAILED, null);
  }

  /**
   * Claims and dispatches each event (sync), or stores it in the inbox (async). An event no handler
   * takes is ignored; where topics come from unsigned headers its key is claimed and completed (or
   * stored) all the same, so that its body sent again under a topic with handlers is a duplicate.
   */
  private List<Result> handle(WebhookRequest request, List<WebhookEvent> events) {
    List<Result> results = new ArrayList<>(events.size());
    for (WebhookEvent event : events) {
      boolean handled = dispatcher.handles(event.topic());
      if (!handled && !topicsUnsigned) {
        results.add(ignored(event));
      } else if (inbox == null) {
        results.add(process(event, handled));
      } else {
        Result result = accept(request, event);
        results.add(!handled && result == Result.ACCEPTED ? ignored(event) : result);
      }
    }
    return results;
  }

  private Result ignored(WebhookEvent event) {
    log.info("Ignored {}: no handler for its topic", event);
    listener.ignored(event);
    return Result.IGNORED;
  }

  @SuppressWarnings("NullAway") // called for an asynchronous receiver only, which has an inbox
  private Result accept(WebhookRequest request, WebhookEvent event) {
    Optional<String> line;
    try {
      line = orderingKey.of(event).map(entity -> namespace(event) + "|" + entity);
    } catch (RuntimeException e) {
      log.error("The ordering key of {} failed; not stored", event, e);
      listener.failed(event, Duration.ZERO, e);
      return Result.FAILED;
    }
    try {
      if (inbox.accept(key(event), event.topic(), line, request)) {
        return Result.ACCEPTED;
      }
      listener.duplicate(event, false);
      return Result.DUPLICATE;
    } catch (RuntimeException e) {
      log.error("Inbox failed to store {}; answering 503", event, e);
      listener.failed(event, Duration.ZERO, e);
      return Result.STORE_UNAVAILABLE;
    }
  }

  /**
   * The endpoint's name (see {@link Builder#endpoint(String)}): idempotency keys, and on an
   * endpoint with tenants the tenants' secrets in its {@link SecretSource}, are stored under it.
   */
  public String endpoint() {
    return endpoint;
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

  /**
   * Whether each request is verified with the secrets of the tenant it names (see {@link
   * Builder#verifier(SignatureScheme, SecretSource)}); an adapter then serves the receiver on a
   * path that names the tenant.
   */
  public boolean hasTenants() {
    return tenants;
  }

  /** Answers for the worst outcome. */
  @SuppressWarnings("NullAway") // an UNBINDABLE result always carries its problem
  private WebhookResponse respond(List<Result> results) {
    Result worst = Result.HANDLED;
    for (Result result : results) {
      if (result.outcome().ordinal() > worst.outcome().ordinal()) {
        worst = result;
      }
    }
    return switch (worst.outcome()) {
      case HANDLED, IGNORED, DUPLICATE -> WebhookResponse.of(200);
      case ACCEPTED -> WebhookResponse.of(202);
      case IN_FLIGHT -> retry(worst.outcome(), "this event is being processed; retry later");
      case STORE_UNAVAILABLE ->
          retry(worst.outcome(), "deduplication store unavailable; retry later");
      case UNBINDABLE -> retry(worst.outcome(), worst.problem());
      case FAILED -> retry(worst.outcome(), "a handler failed; retry later");
    };
  }

  /** The endpoint's status for an outcome to retry; {@code Retry-After} with a 503 or 429. */
  private WebhookResponse retry(DeliveryOutcome outcome, String text) {
    int status = retryStatuses.status(outcome);
    return status == 503 || status == 429
        ? WebhookResponse.text(status, text, RETRY_AFTER)
        : WebhookResponse.text(status, text);
  }

  /** Claims the event's key; runs its handlers if it has any, else completes the claim at once. */
  private Result process(WebhookEvent event, boolean handled) {
    long start = now();
    Claim claim;
    try {
      claim = store.claim(key(event));
    } catch (RuntimeException e) {
      log.error("Idempotency store failed to claim {}; answering 503", event, e);
      listener.failed(event, since(start), e);
      return Result.STORE_UNAVAILABLE;
    }
    switch (claim.status()) {
      case DONE -> {
        listener.duplicate(event, false);
        return Result.DUPLICATE;
      }
      case IN_FLIGHT -> {
        listener.duplicate(event, true);
        return Result.IN_FLIGHT;
      }
      default -> {
        if (!handled) {
          settle(claim, true, event);
          return ignored(event);
        }
        return dispatch(event, claim, start);
      }
    }
  }

  private Result dispatch(WebhookEvent event, Claim claim, long start) {
    boolean completed = false;
    try {
      dispatcher.dispatch(event);
      completed = true;
    } catch (EventBindingException e) {
      log.warn(
          "Data of {} does not bind ({}); no handler ran and its claim is released",
          event,
          LogText.escape(e.getMessage()));
      listener.unbindable(event, e);
      return new Result(
          DeliveryOutcome.UNBINDABLE,
          "event data does not bind to "
              + e.type().getSimpleName()
              + ": "
              + e.path()
              + ": "
              + e.problem());
    } catch (RuntimeException e) {
      log.error(
          "Handling {} failed; its claim is released so that a retry runs it again", event, e);
      listener.failed(event, since(start), e);
      return Result.FAILED;
    } finally {
      settle(claim, completed, event);
    }
    listener.handled(event, since(start));
    return Result.HANDLED;
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
    return echo(request, value.get());
  }

  /** Answers a challenge with its value exactly, as plain text no browser sniffs or caches. */
  private WebhookResponse echo(WebhookRequest request, String value) {
    if (value.codePointCount(0, value.length()) > MAX_CHALLENGE_LENGTH) {
      return reject(
          request,
          400,
          "activation challenge value exceeds " + MAX_CHALLENGE_LENGTH + " characters",
          Map.of());
    }
    return WebhookResponse.text(200, value, Map.of("Cache-Control", "no-store"));
  }

  private WebhookResponse reject(
      WebhookRequest request, int status, String reason, Map<String, String> headers) {
    log.debug("Rejected {} with {}: {}", request, status, LogText.escape(reason));
    listener.rejected(request, status, reason);
    return WebhookResponse.text(status, reason, headers);
  }

  /**
   * The {@code Content-Length} header, or -1 when it is absent or not digits; {@link
   * Long#MAX_VALUE} for more digits than a long holds. Adapters do not read a body whose declared
   * length is over the limit, so the header alone decides the 413 then, however many leading zeros
   * it has.
   */
  private static long declaredLength(WebhookRequest request) {
    List<String> values = request.headers().all("content-length");
    String value = values.isEmpty() ? "" : values.get(0);
    if (value.isEmpty()) {
      return -1;
    }
    int first = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (c == '0' && first == i) {
        first = i + 1;
      }
    }
    int digits = value.length() - first;
    return digits > 18
        ? Long.MAX_VALUE
        : digits == 0 ? 0 : Long.parseLong(value, first, value.length(), 10);
  }

  /** The start of a handler's time, read from the clock only when a listener will be told it. */
  private long now() {
    return timed ? System.nanoTime() : 0;
  }

  /** The time since {@link #now()}: zero when no listener was added. */
  private Duration since(long start) {
    return timed ? Duration.ofNanos(System.nanoTime() - start) : Duration.ZERO;
  }

  @Override
  public String toString() {
    return "WebhookReceiver[endpoint="
        + endpoint
        + ", verifier="
        + verifier
        + ", framings="
        + new TreeSet<>(framings)
        + ", handlers="
        + dispatcher.patterns()
        + (inbox == null ? ", sync" : ", async " + inbox)
        + "]";
  }

  /** Configures a {@link WebhookReceiver}; not thread-safe. */
  public static final class Builder {
    private String endpoint = DEFAULT_ENDPOINT;
    private @Nullable SignatureVerifier verifier;
    private @Nullable SignatureScheme tenantScheme;
    private @Nullable SecretSource tenantSecrets;
    private @Nullable EventReader reader;
    private Set<Framing> framings = Framing.DEFAULTS;
    private @Nullable String trustUnsignedHeaders;
    private RetryStatuses retryStatuses = RetryStatuses.standard();
    private OrderingKey orderingKey = OrderingKey.NONE;
    private final Dispatcher.Builder dispatcher = Dispatcher.builder();
    private @Nullable IdempotencyStore store;
    private @Nullable Inbox inbox;
    private final List<ReceiverListener> listeners = new ArrayList<>();
    private @Nullable ObjectMapper objectMapper;
    private StreamReadConstraints jsonConstraints = DEFAULT_JSON_CONSTRAINTS;
    private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private boolean challenge;

    private Builder() {}

    /**
     * Applies a provider's presets: its id as the {@linkplain #endpoint(String) endpoint name}, its
     * reader and framings, its activation challenge and its retry statuses. The verifier is not
     * set: choose one, e.g. {@code provider.scheme().orElseThrow().verifier(secrets)}. Later calls
     * override single presets.
     */
    public Builder provider(Provider provider) {
      return endpoint(provider.id())
          .reader(provider.reader())
          .framings(provider.framings())
          .challenge(provider.challenge())
          .retryStatuses(provider.retryStatuses())
          .orderingKey(provider.orderingKey());
    }

    /**
     * The endpoint's name, e.g. {@code lucca} or {@code stripe-eu}: 1 to 64 letters, digits, dots,
     * hyphens or underscores. Idempotency keys are claimed and stored as {@code <name>|<key>}, so
     * that one sender can never mark another endpoint's event as done when receivers share a store.
     * Default {@value #DEFAULT_ENDPOINT}; the provider presets use the provider's name.
     */
    public Builder endpoint(String name) {
      this.endpoint = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The framings this endpoint accepts; a request chooses only among them, and one in another
     * framing is answered 415. Default the provider's, else {@link Framing#DEFAULTS}: the
     * provider's JSON, structured and batch CloudEvents (each signed as a whole); GitHub's adds
     * {@link Framing#FORM_PAYLOAD}. {@link Framing#CLOUDEVENTS_BINARY} reads an event's id, source
     * and type from {@code ce-*} headers: it needs a verifier that signs them (see {@link
     * SignatureVerifier#signedHeaders()}, e.g. an HMAC template with {@code {header:ce-id}}) or
     * {@link #trustUnsignedHeaders}.
     */
    public Builder framings(Set<Framing> framings) {
      this.framings = Set.copyOf(Objects.requireNonNull(framings, "framings"));
      return this;
    }

    /**
     * Lets headers the verifier does not sign decide events' identity: the {@code ce-*} attributes
     * of CloudEvents binary mode, or the headers a reader takes ids from (see {@link
     * EventReader#identityHeaders()}) under a verifier that does not sign them. Anyone who can
     * replay one signed request can then choose its id, source and type, so a warning is logged
     * when the receiver is built; use it only where something else authenticates the headers (e.g.
     * a gateway that signs them, mutual TLS on a private network). Setting it where every such
     * header is signed fails the build.
     *
     * @param why recorded in the warning
     */
    public Builder trustUnsignedHeaders(String why) {
      this.trustUnsignedHeaders = Objects.requireNonNull(why, "why");
      return this;
    }

    /**
     * The status answered for each outcome the sender must retry; default {@link
     * RetryStatuses#standard()}. A property of the provider: the Lucca preset answers 503 for all.
     */
    public Builder retryStatuses(RetryStatuses retryStatuses) {
      this.retryStatuses = Objects.requireNonNull(retryStatuses, "retryStatuses");
      return this;
    }

    /**
     * Which entity an event is about, for an asynchronous receiver: its inbox hands one entity's
     * events to the workers one at a time, in the order they were accepted (see {@link
     * OrderingKey}). Default {@link OrderingKey#NONE}; the provider presets set the provider's rule
     * (Lucca: the {@code data} resource's type and id; Stripe: {@code data.object.id}). Keys are
     * stored under the endpoint's name (and tenant), like idempotency keys.
     */
    public Builder orderingKey(OrderingKey orderingKey) {
      this.orderingKey = Objects.requireNonNull(orderingKey, "orderingKey");
      return this;
    }

    /**
     * How requests are authenticated; required (choose {@code SignatureVerifier.unverified}
     * explicitly).
     */
    public Builder verifier(SignatureVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      this.tenantScheme = null;
      this.tenantSecrets = null;
      return this;
    }

    /**
     * Makes this an endpoint with tenants: each request is verified with the scheme and the secrets
     * of the tenant it names ({@link WebhookRequest#tenant()}, which an adapter takes from a path
     * such as {@code /webhooks/lucca/{tenant}}), looked up in the source under this endpoint's
     * name, and with nothing else, so that a tenant's secret never verifies another tenant's
     * request. Instead of {@link #verifier(SignatureVerifier)}; the later call wins.
     *
     * <ul>
     *   <li>A request naming no tenant, an invalid tenant id (see {@link SecretSource#secrets}), or
     *       a tenant without secrets is answered 401 exactly like a bad signature, body included: a
     *       response never tells whether a tenant exists, and never is 404 or 410.
     *   <li>A source that throws is answered like an unreachable idempotency store: 503 with {@code
     *       Retry-After} (the status of {@link DeliveryOutcome#STORE_UNAVAILABLE}).
     *   <li>Idempotency keys are namespaced by endpoint and tenant; events carry their tenant
     *       ({@link WebhookEvent#tenant()}), and so do listener calls and log lines.
     * </ul>
     *
     * <p>The source is asked on every request: wrap a slow one in {@link SecretSource#cached}.
     *
     * @param scheme the sender's scheme, e.g. {@code Lucca.scheme()}; it must take every key from
     *     the secrets (no public keys of its own), and accept a base64 text secret
     */
    public Builder verifier(SignatureScheme scheme, SecretSource secrets) {
      this.tenantScheme = Objects.requireNonNull(scheme, "scheme");
      this.tenantSecrets = Objects.requireNonNull(secrets, "secrets");
      this.verifier = null;
      return this;
    }

    /**
     * How the provider's JSON becomes events; required. CloudEvents framings are read by the
     * receiver itself, as {@link #framings} allows.
     */
    public Builder reader(EventReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /**
     * Whether unsigned GET requests are activation challenges echoing their {@code echo} or {@code
     * challenge} query parameter (Lucca); default off. A handshake inside a signed request (Slack's
     * {@code url_verification}) needs no setting: the reader answers it (see {@link
     * EventReader#handshake}).
     */
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
     * duplicate detection, unknown properties ignored and every non-standard JSON syntax off
     * (comments, single quotes, unquoted names and the like: a body is JSON as RFC 8259 has it, as
     * every other reader of it, signer or receiver, reads it); the given mapper is not changed.
     * Default: a plain {@link ObjectMapper}.
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
     *
     * <p>Give each asynchronous receiver an inbox of its own (the Spring starter makes one per
     * endpoint: a table or a topic each): a worker takes every message its inbox holds, and one
     * whose stored request holds no event of its receiver is dead.
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
     * @throws WebhookConfigurationException if no verifier or reader is chosen, a limit is not
     *     positive, the endpoint name is invalid, no framing is accepted, binary mode is accepted
     *     with {@code ce-*} headers that are neither signed nor explicitly trusted, or the scheme
     *     of tenant secrets has keys of its own
     */
    public WebhookReceiver build() {
      if (verifier == null && tenantScheme == null) {
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
      if (!ENDPOINT_NAME.matcher(endpoint).matches()) {
        throw new WebhookConfigurationException(
            "endpoint must be 1 to 64 letters, digits, '.', '-' or '_', but was \""
                + endpoint
                + "\"");
      }
      if (framings.isEmpty()) {
        throw new WebhookConfigurationException("framings must accept at least one framing");
      }
      SignatureVerifier chosen =
          tenantScheme != null && tenantSecrets != null
              ? new TenantVerifier(endpoint, tenantScheme, tenantSecrets)
              : Objects.requireNonNull(verifier, "verifier"); // checked above
      CloudEventsReader cloudEvents = checkTrust(chosen);
      ObjectMapper mapper = objectMapper == null ? new ObjectMapper() : objectMapper.copy();
      mapper.getFactory().setStreamReadConstraints(jsonConstraints);
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      for (JsonReadFeature lenient : JsonReadFeature.values()) {
        mapper.configure(lenient.mappedFeature(), false);
      }
      mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      mapper.registerModule(CloudEventsReader.jacksonModule());
      return new WebhookReceiver(this, chosen, mapper, cloudEvents);
    }

    /**
     * Checks that every header deciding an event's identity is signed (the reader's {@link
     * EventReader#identityHeaders()}, and in binary mode the {@code ce-*} attributes), unless
     * unsigned headers are explicitly trusted; returns the CloudEvents reader, which in binary mode
     * reads only the signed {@code ce-*} headers.
     */
    @SuppressWarnings("NullAway") // build() checked that the reader is set
    private CloudEventsReader checkTrust(SignatureVerifier verifier) {
      Set<String> signed = lowerCase(verifier.signedHeaders());
      boolean binary = framings.contains(Framing.CLOUDEVENTS_BINARY);
      Set<String> unsigned = new TreeSet<>(lowerCase(reader.identityHeaders()));
      if (binary) {
        unsigned.addAll(CloudEventsReader.REQUIRED_BINARY_HEADERS);
      }
      unsigned.removeAll(signed);
      if (trustUnsignedHeaders != null) {
        if (unsigned.isEmpty()) {
          throw new WebhookConfigurationException(
              "trustUnsignedHeaders is set, but no header that decides an event's identity goes"
                  + " unsigned here; drop it");
        }
        log.warn(
            "Endpoint {} lets headers its signature does NOT cover decide events' identity ({}):"
                + " anyone who can replay one signed request can choose {}",
            endpoint,
            trustUnsignedHeaders,
            unsigned);
        return CloudEventsReader.create();
      }
      if (!unsigned.isEmpty()) {
        throw new WebhookConfigurationException(
            (binary ? "CloudEvents binary mode" : reader.getClass().getSimpleName())
                + " takes event identity from the headers "
                + unsigned
                + ", which "
                + verifier
                + " does not sign: sign them (e.g. an HMAC signed-content template with"
                + " {header:ce-id}) or call trustUnsignedHeaders(why)");
      }
      return binary ? CloudEventsReader.binaryHeaders(signed) : CloudEventsReader.create();
    }

    private static Set<String> lowerCase(Set<String> names) {
      Set<String> lower = new HashSet<>();
      for (String name : names) {
        lower.add(name.toLowerCase(Locale.ROOT));
      }
      return lower;
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
    public void unbindable(WebhookEvent event, EventBindingException problem) {
      each(l -> l.unbindable(event, problem));
    }

    @Override
    public void failed(WebhookEvent event, Duration duration, Throwable failure) {
      each(l -> l.failed(event, duration, failure));
    }
  }
}
