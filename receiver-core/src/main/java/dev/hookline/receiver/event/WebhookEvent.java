package dev.hookline.receiver.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.json.EventJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One verified event: its identity, topic, payload and, for updates, the previous values of what
 * changed. The payload binds lazily to any class, once per class per event:
 *
 * <pre>{@code
 * Employee now = event.data(Employee.class);
 * Employee before = event.previous(Employee.class); // only the changed fields are set
 * if (event.changed("givenName")) { ... }
 * }</pre>
 *
 * <p>Data need not be JSON: a CloudEvent may carry text (e.g. {@code text/plain}, XML) or bytes
 * (e.g. {@code application/octet-stream}, {@code data_base64}). {@code data(String.class)} and
 * {@code data(byte[].class)} read any data; other types bind JSON data only (see {@link
 * #data(Class)}).
 *
 * <p>Thread-safe. The JSON trees returned by {@link #data()} and {@link #previousAttributes()} are
 * shared by every handler of the event and must not be modified.
 */
public final class WebhookEvent {

  /** What {@link #previous(Class)} binds, as binding failures name it. */
  private static final String PREVIOUS = "previousAttributes";

  private final String id;
  private final String topic;
  private final String source;
  private final @Nullable Instant occurredAt;
  private final @Nullable String apiVersion;
  private final String idempotencyKey;
  private final @Nullable String tenant;

  /** The data tree; built lazily from the raw body when the reader gave a span. */
  private volatile @Nullable JsonNode data;

  /** Where the data's JSON sits in the raw body, or -1 when the reader gave a tree. */
  private final int dataOffset;

  private final int dataLength;

  /** Data that is text, not JSON; null otherwise. */
  private final @Nullable String dataText;

  /** Data that is bytes, not JSON; null otherwise. */
  private final byte @Nullable [] dataBytes;

  private final PreviousAttributes previousAttributes;
  private final Headers headers;
  private final byte[] rawBody;
  private final ObjectMapper mapper;

  /** The data as the reader bound it, and the type it was bound to; null if it bound none. */
  private final @Nullable Class<?> boundType;

  private final @Nullable Object boundValue;

  private final Map<Class<?>, Object> boundData = new ConcurrentHashMap<>(2);
  private final Map<Class<?>, Object> boundPrevious = new ConcurrentHashMap<>(2);

  private WebhookEvent(Builder builder) {
    this.id = require(builder.id, "id", EventJson.MAX_ID_LENGTH);
    this.topic = require(builder.topic, "topic", EventJson.MAX_TOPIC_LENGTH);
    this.source = require(builder.source, "source", EventJson.MAX_SOURCE_LENGTH);
    this.occurredAt = inRecordableYears(builder.occurredAt);
    this.apiVersion = builder.apiVersion;
    this.idempotencyKey =
        require(
            builder.idempotencyKey,
            "idempotencyKey",
            EventJson.MAX_SOURCE_LENGTH + 1 + EventJson.MAX_ID_LENGTH);
    this.tenant = builder.tenant;
    this.data = builder.data;
    this.dataOffset = builder.dataOffset;
    this.dataLength = builder.dataLength;
    this.dataText = builder.dataText;
    this.dataBytes = builder.dataBytes;
    this.previousAttributes = builder.previousAttributes;
    this.headers = builder.headers;
    this.rawBody = builder.rawBody;
    this.mapper = builder.mapper;
    this.boundType = builder.boundType;
    this.boundValue = builder.boundValue;
  }

  /**
   * Starts a builder for an event read from the request; used by {@link EventReader}s. The event
   * keeps the request's headers, raw body and tenant, and binds its data with the mapper.
   */
  public static Builder builder(WebhookRequest request, ObjectMapper mapper) {
    return new Builder(request, mapper);
  }

  /** The sender's event id. */
  public String id() {
    return id;
  }

  /** The topic (event type), e.g. {@code employee.updated}. */
  public String topic() {
    return topic;
  }

  /**
   * Where the event comes from: a tenant URL for Lucca, the CloudEvents source, a provider name.
   */
  public String source() {
    return source;
  }

  /** When the change happened, if the sender says. */
  public Optional<Instant> occurredAt() {
    return Optional.ofNullable(occurredAt);
  }

  /** The version of the payload's schema, if the sender says. */
  public Optional<String> apiVersion() {
    return Optional.ofNullable(apiVersion);
  }

  /** The key deliveries of this event are deduplicated on, e.g. {@code source|id} for Lucca. */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * The tenant whose endpoint path the event arrived on, e.g. {@code acme} for {@code
   * /webhooks/lucca/acme}: the request was verified with that tenant's secrets alone, and its
   * deliveries are deduplicated apart from every other tenant's. Empty for an endpoint without
   * tenants.
   */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /**
   * The payload as a JSON tree: a missing node when the event has none, a {@link TextNode} when it
   * is text that is not JSON (e.g. {@code text/plain}, XML), a {@link BinaryNode} when it is bytes
   * (e.g. {@code application/octet-stream}). Do not modify it.
   */
  public JsonNode data() {
    JsonNode tree = data;
    if (tree == null) {
      synchronized (this) {
        tree = data;
        if (tree == null) {
          try (JsonParser parser = mapper.createParser(rawBody, dataOffset, dataLength)) {
            tree = mapper.readTree(parser);
          } catch (IOException e) {
            // The reader already walked these bytes, so this cannot happen short of a bug.
            throw new EventBindingException(
                "data of " + this + " cannot be read again",
                JsonNode.class,
                EventBindingException.ROOT,
                "cannot be read again",
                e);
          }
          data = tree;
        }
      }
    }
    return tree;
  }

  /**
   * The payload bound to a type; bound once per type and cached for this event. Two types read any
   * payload:
   *
   * <ul>
   *   <li>{@code String}: text as it is; bytes decoded as UTF-8; a JSON string's value; any other
   *       JSON value as its JSON text (e.g. {@code {"id":1}}).
   *   <li>{@code byte[]}: bytes as they are; text encoded as UTF-8; JSON as its JSON text in UTF-8
   *       (a JSON string keeps its quotes). A new array on each call.
   * </ul>
   *
   * <p>Other types bind JSON data with the receiver's mapper. Text and bytes bind only to {@code
   * String}, {@code byte[]} and the types of {@link #data()}'s node ({@code JsonNode}, {@code
   * Object}).
   *
   * @throws EventBindingException if the payload does not fit the type, the event has no payload,
   *     or, for {@code String}, bytes are not valid UTF-8
   */
  @SuppressWarnings("NullAway") // boundValue is set together with boundType
  public <T> T data(Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (type == byte[].class) {
      return type.cast(bytes());
    }
    if (type == String.class) {
      return type.cast(boundData.computeIfAbsent(type, t -> text()));
    }
    if (dataText != null || dataBytes != null) {
      JsonNode node = data;
      if (type.isInstance(node)) {
        return type.cast(node);
      }
      String kind = dataText != null ? "text" : "bytes";
      String problem = "the data is " + kind + ", not JSON; bind it to String, byte[] or JsonNode";
      throw bindingFailed(type, "data", EventBindingException.ROOT, problem, null);
    }
    if (type == boundType) {
      return type.cast(boundValue);
    }
    return type.cast(
        boundData.computeIfAbsent(
            type,
            t ->
                bind(
                    t,
                    "data",
                    () ->
                        dataOffset < 0
                            ? mapper.treeToValue(data, t)
                            // The reader already walked these bytes rejecting duplicate keys.
                            : mapper
                                .readerFor(t)
                                .without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                                .readValue(rawBody, dataOffset, dataLength))));
  }

  /** The data as text: see {@link #data(Class)}. */
  private String text() {
    if (dataText != null) {
      return dataText;
    }
    if (dataBytes != null) {
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(dataBytes)).toString();
      } catch (CharacterCodingException e) {
        throw bindingFailed(
            String.class, "data", EventBindingException.ROOT, "the bytes are not UTF-8 text", e);
      }
    }
    JsonNode node = jsonData(String.class);
    if (node.isTextual()) {
      return node.textValue();
    }
    return dataOffset >= 0
        ? new String(rawBody, dataOffset, dataLength, StandardCharsets.UTF_8)
        : node.toString();
  }

  /** The data as bytes: see {@link #data(Class)}. */
  private byte[] bytes() {
    if (dataBytes != null) {
      return dataBytes.clone();
    }
    if (dataText != null) {
      return dataText.getBytes(StandardCharsets.UTF_8);
    }
    if (dataOffset >= 0) {
      return Arrays.copyOfRange(rawBody, dataOffset, dataOffset + dataLength);
    }
    return jsonData(byte[].class).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON data; a binding failure for the type when the event has none. */
  private JsonNode jsonData(Class<?> type) {
    JsonNode node = data();
    if (node.isMissingNode() || node.isNull()) {
      throw bindingFailed(type, "data", EventBindingException.ROOT, "the event has no data", null);
    }
    return node;
  }

  /** The previous values of the changed attributes; empty when the event carries none. */
  public PreviousAttributes previousAttributes() {
    return previousAttributes;
  }

  /** Whether the attribute is among those this update changed. */
  public boolean changed(String attribute) {
    return previousAttributes.changed(attribute);
  }

  /**
   * The previous values bound into the payload's own type: only the changed attributes are set, the
   * others keep their defaults (null for objects). Bound once per type.
   *
   * @throws EventBindingException if the previous values do not fit the type; its {@linkplain
   *     EventBindingException#path() path} starts with {@code previousAttributes}, so that it is
   *     not taken for a field of the data
   */
  public <T> T previous(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return type.cast(
        boundPrevious.computeIfAbsent(
            type,
            t -> bind(t, PREVIOUS, () -> mapper.convertValue(previousAttributes.asMap(), t))));
  }

  /** The request headers the event arrived with. */
  public Headers headers() {
    return headers;
  }

  /** A copy of the raw request body (for a CloudEvents batch, the whole batch). */
  public byte[] rawBody() {
    return rawBody.clone();
  }

  /** How a value is bound; throws Jackson's exceptions. */
  @FunctionalInterface
  private interface Binding {
    Object bind() throws IOException;
  }

  private Object bind(Class<?> type, String what, Binding binding) {
    Object value;
    try {
      value = binding.bind();
    } catch (IOException | IllegalArgumentException e) {
      JacksonException jackson =
          e instanceof JacksonException direct
              ? direct
              : e.getCause() instanceof JacksonException cause ? cause : null;
      String detail = jackson != null ? jackson.getOriginalMessage() : e.getMessage();
      String path = path(jackson);
      if (what.equals(PREVIOUS)) {
        path = path.equals(EventBindingException.ROOT) ? PREVIOUS : PREVIOUS + "." + path;
      }
      throw bindingFailed(type, what, path, String.valueOf(detail), e);
    }
    if (value == null && !JsonNode.class.isAssignableFrom(type)) {
      throw bindingFailed(type, what, EventBindingException.ROOT, "the event has no " + what, null);
    }
    return value;
  }

  private EventBindingException bindingFailed(
      Class<?> type, String what, String path, String problem, @Nullable Exception cause) {
    return new EventBindingException(
        what
            + " of event "
            + id
            + " ("
            + topic
            + ") cannot be bound to "
            + type.getName()
            + ": "
            + (path.equals(EventBindingException.ROOT) ? "" : path + ": ")
            + problem,
        type,
        path,
        problem,
        cause);
  }

  /** The path of the field Jackson failed on, e.g. {@code manager.id} or {@code items[0]}. */
  private static String path(@Nullable JacksonException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return EventBindingException.ROOT;
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : mapping.getPath()) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? EventBindingException.ROOT : path.toString();
  }

  /** A reader that finds no value for a required attribute has met a malformed envelope. */
  private static String require(@Nullable String value, String name, int maxLength) {
    if (value == null || value.isEmpty()) {
      throw new MalformedEventException("event " + name + " is missing or empty");
    }
    if (value.length() > maxLength) {
      throw new MalformedEventException(
          "event "
              + name
              + " must be at most "
              + maxLength
              + " characters, but had "
              + value.length());
    }
    return value;
  }

  /** The first and last instants of years 0000 to 9999, the range RFC 3339 times can name. */
  private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static @Nullable Instant inRecordableYears(@Nullable Instant time) {
    if (time != null && (time.isBefore(FIRST_INSTANT) || time.isAfter(LAST_INSTANT))) {
      throw new MalformedEventException(
          "event occurredAt must be in the years 0000 to 9999, but was " + time);
    }
    return time;
  }

  /**
   * Topic, id, source and tenant, with control and invisible characters escaped so that a log line
   * stays one line; never the payload.
   */
  @Override
  public String toString() {
    return "WebhookEvent["
        + LogText.escape(topic)
        + " "
        + LogText.escape(id)
        + " from "
        + LogText.escape(source)
        + (tenant == null ? "" : " for tenant " + LogText.escape(tenant))
        + "]";
  }

  /** Builds a {@link WebhookEvent}; not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String topic;
    private @Nullable String source;
    private @Nullable Instant occurredAt;
    private @Nullable String apiVersion;
    private @Nullable String idempotencyKey;
    private final @Nullable String tenant;
    private @Nullable JsonNode data = MissingNode.getInstance();
    private int dataOffset = -1;
    private int dataLength;
    private @Nullable String dataText;
    private byte @Nullable [] dataBytes;
    private PreviousAttributes previousAttributes = PreviousAttributes.none();
    private @Nullable Class<?> boundType;
    private @Nullable Object boundValue;
    private final Headers headers;
    private final byte[] rawBody;
    private final ObjectMapper mapper;

    private Builder(WebhookRequest request, ObjectMapper mapper) {
      this.headers = request.headers();
      this.rawBody = request.body();
      this.tenant = request.tenant().orElse(null);
      this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * The sender's event id; required: {@link #build()} fails on null (readers pass what they
     * found, so that a missing id is a malformed event).
     */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /** The topic; required: {@link #build()} fails on null. */
    public Builder topic(@Nullable String topic) {
      this.topic = topic;
      return this;
    }

    /** The source; required: {@link #build()} fails on null. */
    public Builder source(@Nullable String source) {
      this.source = source;
      return this;
    }

    /** When the change happened; null (the default) when the sender does not say. */
    public Builder occurredAt(@Nullable Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    /** The payload's schema version; null (the default) when the sender does not say. */
    public Builder apiVersion(@Nullable String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /** The deduplication key; required: {@link #build()} fails on null. */
    public Builder idempotencyKey(@Nullable String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** The payload tree. */
    public Builder data(JsonNode data) {
      this.data = Objects.requireNonNull(data, "data");
      this.dataOffset = -1;
      this.dataText = null;
      this.dataBytes = null;
      return this;
    }

    /**
     * The payload is text that is not JSON, e.g. {@code text/plain} or XML: {@link
     * WebhookEvent#data()} is a {@link TextNode} of it, and it binds to {@code String} and {@code
     * byte[]} (as UTF-8) only.
     */
    public Builder textData(String text) {
      this.dataText = Objects.requireNonNull(text, "text");
      this.dataBytes = null;
      this.data = TextNode.valueOf(text);
      this.dataOffset = -1;
      return this;
    }

    /**
     * The payload is bytes that are not JSON or text, e.g. {@code application/octet-stream}: {@link
     * WebhookEvent#data()} is a {@link BinaryNode} of them, and they bind to {@code byte[]} and to
     * {@code String} (if valid UTF-8) only. The bytes are copied.
     */
    public Builder binaryData(byte[] bytes) {
      this.dataBytes = Objects.requireNonNull(bytes, "bytes").clone();
      this.dataText = null;
      this.data = BinaryNode.valueOf(dataBytes);
      this.dataOffset = -1;
      return this;
    }

    /**
     * The payload is the JSON value at this span of the raw body, which the reader already walked
     * with the receiver's mapper (so duplicate keys were rejected there). It is bound straight from
     * the bytes, and parsed into a tree only if {@link #data()} is called: the fast path for
     * streaming readers.
     */
    public Builder dataSpan(int offset, int length) {
      if (offset < 0 || length < 1 || offset + length > rawBody.length) {
        throw new IllegalArgumentException(
            "data span ["
                + offset
                + ", +"
                + length
                + ") is outside the body of "
                + rawBody.length
                + " bytes");
      }
      this.data = null;
      this.dataOffset = offset;
      this.dataLength = length;
      this.dataText = null;
      this.dataBytes = null;
      return this;
    }

    /**
     * The payload already bound to a type, by a reader that bound it while reading the body (see
     * {@link EventReader#read(WebhookRequest, ObjectMapper, java.util.function.Function)}): {@link
     * WebhookEvent#data(Class)} returns it for that type instead of binding again. The payload
     * itself must be given too, as a tree or a span, for {@link #data()} and other types.
     */
    public <T> Builder boundData(Class<T> type, T value) {
      this.boundType = Objects.requireNonNull(type, "type");
      this.boundValue = type.cast(Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The previous values of changed attributes. */
    public Builder previousAttributes(PreviousAttributes previousAttributes) {
      this.previousAttributes = Objects.requireNonNull(previousAttributes, "previousAttributes");
      return this;
    }

    /**
     * Returns the event.
     *
     * @throws MalformedEventException if id, topic, source or key is missing or empty
     */
    public WebhookEvent build() {
      return new WebhookEvent(this);
    }
  }
}
