package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.hookline.receiver.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.IsoInstants;
import dev.hookline.receiver.event.MalformedEventException;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Reads Lucca's default event resource: {@code id}, {@code topic}, {@code source} (required),
 * {@code occurredAt}, {@code apiVersion}, {@code data}, and {@code previousAttributes} at event
 * level, falling back to {@code data.previousAttributes}. The idempotency key is {@code source|id}.
 *
 * <p>The envelope is read in one streaming pass that copies the {@code data} object's tokens as it
 * goes: handlers bind from those tokens, so the body is parsed once and no tree of it is built. The
 * pass rejects a repeated key in any object of the body, as the receiver's mapper would.
 */
public final class LuccaEventReader implements EventReader {

  private static final LuccaEventReader INSTANCE = new LuccaEventReader();

  private LuccaEventReader() {}

  /** The reader; stateless. */
  public static LuccaEventReader create() {
    return INSTANCE;
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    byte[] body = request.body();
    if (body.length == 0) {
      throw new MalformedEventException("body is empty");
    }
    try (JsonParser parser = mapper.createParser(body)) {
      // The walker checks keys itself, more cheaply than Jackson's own check.
      parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      return List.of(read(parser, request, mapper));
    } catch (JacksonException e) {
      throw new MalformedEventException("body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("body could not be read: " + e.getMessage(), e);
    }
  }

  private static WebhookEvent read(JsonParser parser, WebhookRequest request, ObjectMapper mapper)
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
    TokenBuffer data = null;
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
        case "previousAttributes" -> {
          TokenBuffer tokens = new TokenBuffer(parser);
          walker.value(parser, tokens);
          try (JsonParser copy = tokens.asParser()) {
            copy.nextToken();
            previous = object(copy, field, mapper);
          }
        }
        case "data" -> {
          if (value == JsonToken.START_OBJECT) {
            data = new TokenBuffer(parser);
            walker.value(parser, data);
          } else if (value != JsonToken.VALUE_NULL) {
            throw new MalformedEventException(
                "field \"data\" must be an object, but was " + kind(value));
          }
        }
        default -> walker.value(parser, null);
      }
    }
    if (parser.nextToken() != null) {
      throw new MalformedEventException("body has content after its JSON object");
    }
    WebhookEvent.Builder event =
        WebhookEvent.builder(request, mapper)
            .id(required(id, "id"))
            .topic(required(topic, "topic"))
            .source(required(source, "source"))
            .occurredAt(instant(occurredAt, "occurredAt"))
            .apiVersion(apiVersion)
            .idempotencyKey(source + "|" + id);
    if (data != null) {
      event.dataTokens(data);
    }
    ObjectNode changes = previous != null || data == null ? previous : previousIn(data, mapper);
    return event
        .previousAttributes(
            changes == null ? PreviousAttributes.none() : PreviousAttributes.of(changes))
        .build();
  }

  /** The data object's own {@code previousAttributes} (the documented fallback), or null. */
  private static ObjectNode previousIn(TokenBuffer data, ObjectMapper mapper) throws IOException {
    try (JsonParser parser = data.asParser()) {
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

  private static String text(JsonParser parser, String field) throws IOException {
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

  private static ObjectNode object(JsonParser parser, String field, ObjectMapper mapper)
      throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be an object, but was " + kind(token));
    }
    // A subtree inside the envelope: the rest of the body is not "trailing" content.
    return mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(parser);
  }

  private static String required(String value, String field) {
    if (value == null) {
      throw new MalformedEventException("required field \"" + field + "\" is missing");
    }
    if (value.isEmpty()) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be a non-empty string, but was empty");
    }
    return value;
  }

  private static Instant instant(String text, String field) {
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
  private static String kind(JsonToken token) {
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
