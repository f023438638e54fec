package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.IsoInstants;
import dev.hookline.receiver.internal.json.EventJson;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads Lucca's default event resource: {@code id}, {@code topic}, {@code source} (required),
 * {@code occurredAt}, {@code apiVersion}, {@code data}, and {@code previousAttributes} at event
 * level, falling back to {@code data.previousAttributes}. The idempotency key is {@code source|id}.
 * The id, topic and source are bounded ({@link EventJson#MAX_ID_LENGTH}, {@link
 * EventJson#MAX_TOPIC_LENGTH}, {@link EventJson#MAX_SOURCE_LENGTH}).
 *
 * <p>The body is read in one streaming pass, which also rejects a repeated key in any of its
 * objects, as the receiver's mapper would. When the topic comes before {@code data} (the documented
 * order) and the receiver's handlers of that topic bind one type, {@code data} is bound to it
 * during that pass; otherwise it is only delimited, and bound or read as a tree from the raw bytes
 * when a handler asks. No tree of the whole body is built.
 */
final class LuccaEventReader implements EventReader {

  private static final LuccaEventReader INSTANCE = new LuccaEventReader();

  private static final Function<String, @Nullable Class<?>> NO_TYPES = topic -> null;

  private LuccaEventReader() {}

  /** The reader; stateless. */
  static LuccaEventReader create() {
    return INSTANCE;
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    return read(request, mapper, NO_TYPES);
  }

  @Override
  public List<WebhookEvent> read(
      WebhookRequest request, ObjectMapper mapper, Function<String, @Nullable Class<?>> dataTypes) {
    byte[] body = request.body();
    if (body.length == 0) {
      throw new MalformedEventException("body is empty");
    }
    try (JsonParser parser = mapper.createParser(body)) {
      // The walker checks keys itself, more cheaply than Jackson's own check.
      parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      return List.of(read(parser, request, mapper, dataTypes));
    } catch (BindingFailed e) {
      // The data does not fit the handlers' type, or the body is broken inside it: read again
      // without binding, so that the body's problem, or else the binding's, surfaces as usual.
      return read(request, mapper, NO_TYPES);
    } catch (JacksonException e) {
      throw new MalformedEventException("body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("body could not be read: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("NullAway") // boundType is set whenever a value was bound
  private static WebhookEvent read(
      JsonParser parser,
      WebhookRequest request,
      ObjectMapper mapper,
      Function<String, @Nullable Class<?>> dataTypes)
      throws IOException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new MalformedEventException("body must be a JSON object, but was " + kind(first));
    }
    UniqueKeyWalker walker = new UniqueKeyWalker();
    walker.enter();
    String id = null;
    String topic = null;
    String source = null;
    String occurredAt = null;
    String apiVersion = null;
    int dataStart = -1;
    int dataEnd = -1;
    boolean dataHasPrevious = false;
    Class<?> boundType = null;
    Object bound = null;
    ObjectNode previous = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      walker.key(field);
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> id = text(parser, field);
        case "topic" -> topic = text(parser, field);
        case "source" -> source = text(parser, field);
        case "occurredAt" -> occurredAt = text(parser, field);
        case "apiVersion" -> apiVersion = text(parser, field);
        case "previousAttributes" -> previous = object(walker.checking(parser), field, mapper);
        case "data" -> {
          if (value == JsonToken.START_OBJECT) {
            dataStart = (int) parser.currentTokenLocation().getByteOffset();
            boundType = topic == null ? null : dataTypes.apply(topic);
            walker.watch("previousAttributes");
            if (boundType == null) {
              walker.skip(parser);
            } else {
              bound = bind(walker.checking(parser), boundType, mapper);
            }
            dataHasPrevious = walker.unwatch();
            dataEnd = (int) parser.currentLocation().getByteOffset();
          } else if (value != JsonToken.VALUE_NULL) {
            throw new MalformedEventException(
                "field \"data\" must be an object, but was " + kind(value));
          }
        }
        default -> walker.skip(parser);
      }
    }
    if (parser.nextToken() != null) {
      throw new MalformedEventException("body has content after its JSON object");
    }
    WebhookEvent.Builder event =
        WebhookEvent.builder(request, mapper)
            .id(required(id, "id", EventJson.MAX_ID_LENGTH))
            .topic(required(topic, "topic", EventJson.MAX_TOPIC_LENGTH))
            .source(required(source, "source", EventJson.MAX_SOURCE_LENGTH))
            .occurredAt(instant(occurredAt, "occurredAt"))
            .apiVersion(apiVersion)
            .idempotencyKey(EventJson.key(source, id));
    if (dataStart >= 0) {
      event.dataSpan(dataStart, dataEnd - dataStart);
      if (previous == null && dataHasPrevious) {
        previous = previousInData(request.body(), dataStart, dataEnd - dataStart, mapper);
      }
    }
    if (bound != null) {
      bindInto(event, boundType, bound);
    }
    return event
        .previousAttributes(
            previous == null ? PreviousAttributes.none() : PreviousAttributes.of(previous))
        .build();
  }

  /** Binds the data object at the parser's current token, or signals that it cannot. */
  private static Object bind(JsonParser parser, Class<?> type, ObjectMapper mapper) {
    try {
      return Readers.of(mapper).binding(type).readValue(parser);
    } catch (IOException | MalformedEventException e) {
      throw new BindingFailed();
    }
  }

  private static <T> void bindInto(WebhookEvent.Builder event, Class<T> type, Object value) {
    event.boundData(type, type.cast(value));
  }

  /**
   * The data object's own {@code previousAttributes} (the documented fallback), or null. Its keys
   * were checked when the body was walked.
   */
  private static @Nullable ObjectNode previousInData(
      byte[] body, int offset, int length, ObjectMapper mapper) throws IOException {
    try (JsonParser parser = mapper.createParser(body, offset, length)) {
      parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("previousAttributes")) {
          return object(parser, "data.previousAttributes", mapper);
        }
        parser.skipChildren();
      }
      return null;
    }
  }

  /** Unwinds a read whose early binding failed; carries no stack trace. */
  private static final class BindingFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BindingFailed() {
      super(null, null, false, false);
    }
  }

  private static @Nullable String text(JsonParser parser, String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be a non-empty string, but was " + kind(token));
    }
    return parser.getText();
  }

  private static @Nullable ObjectNode object(JsonParser parser, String field, ObjectMapper mapper)
      throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be an object, but was " + kind(token));
    }
    // Previous values are mostly strings or nulls: those become nodes here, which spares a
    // deserialization context per event; other values are read as Jackson reads any tree.
    ObjectNode object = mapper.getNodeFactory().objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonNode value =
          switch (parser.nextToken()) {
            case VALUE_STRING -> object.textNode(parser.getText());
            case VALUE_NULL -> object.nullNode();
            default -> inside(mapper).readTree(parser);
          };
      object.set(name, value);
    }
    return object;
  }

  /** Reads a value inside the envelope: the rest of the body is not "trailing" content. */
  private static ObjectReader inside(ObjectMapper mapper) {
    return Readers.of(mapper).inside;
  }

  /**
   * The object readers of the mapper last used, kept so that a delivery does not build them again:
   * the mapper's configuration is fixed once it has read, and an application mostly has one. A
   * delivery with another mapper replaces them.
   */
  private static final class Readers {
    private static volatile @Nullable Readers last;

    private final ObjectMapper mapper;
    private final ObjectReader inside;
    private final Map<Class<?>, ObjectReader> byType = new ConcurrentHashMap<>();

    private Readers(ObjectMapper mapper) {
      this.mapper = mapper;
      this.inside = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static Readers of(ObjectMapper mapper) {
      Readers readers = last;
      if (readers == null || readers.mapper != mapper) {
        readers = new Readers(mapper);
        last = readers;
      }
      return readers;
    }

    ObjectReader binding(Class<?> type) {
      return byType.computeIfAbsent(type, inside::forType);
    }
  }

  private static String required(@Nullable String value, String field, int maxLength) {
    if (value == null) {
      throw new MalformedEventException("required field \"" + field + "\" is missing");
    }
    if (value.isEmpty()) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be a non-empty string, but was empty");
    }
    return EventJson.bounded(value, field, maxLength);
  }

  private static @Nullable Instant instant(@Nullable String text, String field) {
    if (text == null) {
      return null;
    }
    try {
      return IsoInstants.lenient(text);
    } catch (DateTimeException e) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be an ISO-8601 date-time with offset");
    }
  }

  /** The JSON kind of a token, as the tree-based readers name it. */
  private static String kind(@Nullable JsonToken token) {
    if (token == null) {
      return "empty";
    }
    return switch (token) {
      case START_OBJECT -> "object";
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }
}
