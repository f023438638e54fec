package dev.hookline.receiver.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.internal.json.EventJson;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.jackson.JsonFormatOptions;
import io.cloudevents.rw.CloudEventRWException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads CloudEvents 1.0 and 0.3 over HTTP in the three framings, chosen by the request's content
 * type: structured ({@code application/cloudevents+json}), batch ({@code
 * application/cloudevents-batch+json}) and otherwise binary ({@code ce-*} headers, the body is the
 * data). {@code type} becomes the topic, {@code time} the occurrence time, {@code source|id} the
 * idempotency key; previous values are read from a {@code previousattributes} extension, else from
 * {@code data.previousAttributes}.
 *
 * <p>Data may be JSON, text or bytes, as its content type ({@code datacontenttype}, in binary mode
 * {@code Content-Type}) says: JSON when absent, {@code application/json}, {@code text/json} or any
 * {@code +json} type; text for {@code text/*}, {@code application/xml} and any {@code +xml} type;
 * bytes otherwise. Structured events carry text as a JSON string in {@code data}, and bytes either
 * so or base64-encoded in {@code data_base64} (in 0.3, {@code data} with {@code
 * datacontentencoding: base64}). See {@link WebhookEvent#data(Class)} for how each binds.
 *
 * <p>Anything the CloudEvents specification does not allow is answered with a {@link
 * MalformedEventException} naming the attribute or header: an unknown {@code specversion}, an
 * attribute of the wrong type or format, in binary mode a {@code ce-*} header whose name is not
 * lower-case letters and digits, in structured mode two member names that differ only in case
 * (names are read case-insensitively; see {@link #jacksonModule()}), an invalid percent-encoding, a
 * {@code ce-*} header sent twice, data that does not fit its content type.
 *
 * <p>Binary mode reads attributes from headers, which a provider's signature does not cover unless
 * its scheme names them: {@link #binaryHeaders(Set)} makes a reader that reads only the given
 * headers and ignores every other {@code ce-*} header, and {@code Content-Type} too unless it is
 * among them (the data is then read as JSON). The receiver decides which framings an endpoint
 * accepts (see {@link Framing}).
 */
public final class CloudEventsReader implements EventReader {

  /** The most events one batch may carry. */
  public static final int MAX_BATCH_SIZE = 1000;

  /** The extension that may carry previous values (CloudEvents names are lower case). */
  public static final String PREVIOUS_ATTRIBUTES_EXTENSION = "previousattributes";

  private static final String HEADER_PREFIX = "ce-";

  /** The required attribute headers, in the order their absence is reported. */
  private static final List<String> REQUIRED_IN_ORDER = List.of("ce-id", "ce-source", "ce-type");

  /** The attributes every binary-mode event needs, as header names. */
  public static final Set<String> REQUIRED_BINARY_HEADERS = Set.copyOf(REQUIRED_IN_ORDER);

  /** A media type's {@code type/subtype}: RFC 7230 tokens (RFC 2046, as datacontenttype needs). */
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private static final CloudEventsReader INSTANCE = new CloudEventsReader(null);

  /** The lower-case {@code ce-*} header names binary mode reads; null for all of them. */
  private final @Nullable Set<String> binaryHeaders;

  private CloudEventsReader(@Nullable Set<String> binaryHeaders) {
    this.binaryHeaders = binaryHeaders;
  }

  /**
   * The reader that, in binary mode, reads every {@code ce-*} header: for requests whose headers
   * are trusted as a whole. Stateless.
   */
  public static CloudEventsReader create() {
    return INSTANCE;
  }

  /**
   * A reader that, in binary mode, reads only the given headers (case-insensitive), e.g. those a
   * verifier signs; every other {@code ce-*} header is ignored. Structured and batch events are
   * read from the body as usual.
   *
   * @throws IllegalArgumentException if the headers lack one of {@link #REQUIRED_BINARY_HEADERS}
   */
  public static CloudEventsReader binaryHeaders(Set<String> headers) {
    Set<String> names = new HashSet<>();
    for (String header : headers) {
      names.add(header.toLowerCase(Locale.ROOT));
    }
    if (!names.containsAll(REQUIRED_BINARY_HEADERS)) {
      throw new IllegalArgumentException(
          "binary mode needs the headers " + new TreeSet<>(REQUIRED_BINARY_HEADERS));
    }
    return new CloudEventsReader(Set.copyOf(names));
  }

  /**
   * The Jackson module that reads structured CloudEvents; a receiver registers it on its mapper.
   * Attribute names are lower-cased and invalid extension names ignored, so a {@code
   * previousAttributes} member still arrives as the {@code previousattributes} extension.
   */
  public static SimpleModule jacksonModule() {
    return JsonFormat.getCloudEventJacksonModule(
        JsonFormatOptions.builder()
            .forceExtensionNameLowerCaseDeserialization(true)
            .forceIgnoreInvalidExtensionNameDeserialization(true)
            .build());
  }

  /**
   * Reads the event or events of a request in the framing its content type names: structured or
   * batch for their types, binary for any other.
   *
   * @throws MalformedEventException if the request is not a valid CloudEvent (or batch) in that
   *     framing, naming the attribute or header at fault
   */
  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    String essence = request.headers().first("content-type").map(MediaTypes::essence).orElse("");
    return read(
        request,
        mapper,
        essence.equals(MediaTypes.CLOUDEVENTS_JSON)
            ? Framing.CLOUDEVENTS_STRUCTURED
            : essence.equals(MediaTypes.CLOUDEVENTS_BATCH_JSON)
                ? Framing.CLOUDEVENTS_BATCH
                : Framing.CLOUDEVENTS_BINARY);
  }

  /**
   * Reads the event or events of a request in the given CloudEvents framing, as the receiver chose
   * it ({@link Framing#of}).
   *
   * @throws MalformedEventException if the request is not a valid CloudEvent (or batch) in that
   *     framing, naming the attribute or header at fault
   * @throws IllegalArgumentException if the framing is {@link Framing#PROVIDER}
   */
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper, Framing framing) {
    if (!framing.isCloudEvents()) {
      throw new IllegalArgumentException("not a CloudEvents framing: " + framing);
    }
    if (framing == Framing.CLOUDEVENTS_BATCH) {
      JsonNode batch = EventJson.parse(mapper, request.body());
      if (!batch.isArray() || batch.isEmpty()) {
        throw new MalformedEventException("a CloudEvents batch must be a non-empty JSON array");
      }
      if (batch.size() > MAX_BATCH_SIZE) {
        throw new MalformedEventException(
            "a CloudEvents batch may hold at most "
                + MAX_BATCH_SIZE
                + " events, but held "
                + batch.size());
      }
      List<WebhookEvent> events = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        events.add(
            structured(batch.get(i), "event #" + (i + 1) + " of the batch", request, mapper));
      }
      return events;
    }
    if (framing == Framing.CLOUDEVENTS_STRUCTURED) {
      return List.of(
          structured(EventJson.parse(mapper, request.body()), "the event", request, mapper));
    }
    return List.of(binary(request, mapper));
  }

  /**
   * A structured event: the SDK reads the attributes (types, URIs, times, extensions), this reader
   * the data, so that its rules do not depend on how the SDK classifies content types.
   */
  private static WebhookEvent structured(
      JsonNode node, String what, WebhookRequest request, ObjectMapper mapper) {
    if (!node.isObject()) {
      throw new MalformedEventException(what + " must be a JSON object");
    }
    SpecVersion version = specVersion(node.get("specversion"), what + ": attribute specversion");
    // Names are read case-insensitively (see jacksonModule), so two that differ only in case would
    // be one attribute, read from either of them: refused, as a repeated name is.
    Map<String, String> names = new HashMap<>();
    ObjectNode attributes = mapper.createObjectNode();
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String name = property.getKey();
      String lowerCase = name.toLowerCase(Locale.ROOT);
      String other = names.putIfAbsent(lowerCase, name);
      if (other != null) {
        throw new MalformedEventException(
            what
                + ": attribute "
                + quoted(lowerCase)
                + " is named twice, as "
                + quoted(other)
                + " and "
                + quoted(name));
      }
      if (!name.equals("data") && !name.equals("data_base64")) {
        attributes.set(name, property.getValue());
      }
    }
    CloudEvent event;
    try {
      event = mapper.treeToValue(attributes, CloudEvent.class);
    } catch (JacksonException | IllegalArgumentException | IllegalStateException e) {
      throw new MalformedEventException(
          what + " is not a valid CloudEvent: " + LogText.escape(message(e)), e);
    }
    String contentType = dataContentType(event, what + ": attribute datacontenttype");
    return toWebhookEvent(
        event, structuredData(node, version, contentType, what, mapper), request, mapper);
  }

  private static Data structuredData(
      JsonNode node,
      SpecVersion version,
      @Nullable String contentType,
      String what,
      ObjectMapper mapper) {
    JsonNode data = present(node.get("data"));
    JsonNode base64 = present(node.get("data_base64"));
    if (data != null && base64 != null) {
      throw new MalformedEventException(what + " has both data and data_base64; one at most");
    }
    if (base64 != null) {
      return Data.of(
          decodeBase64(base64, what + ": data_base64"), contentType, what + ": data", mapper);
    }
    if (data == null) {
      return Data.NONE;
    }
    if (version == SpecVersion.V03 && "base64".equals(node.path("datacontentencoding").asText())) {
      return Data.of(
          decodeBase64(data, what + ": data (datacontentencoding base64)"),
          contentType,
          what + ": data",
          mapper);
    }
    if (contentType == null || isJson(MediaTypes.essence(contentType))) {
      return Data.json(data);
    }
    if (!data.isTextual()) {
      throw new MalformedEventException(
          what
              + ": data must be a JSON string when datacontenttype is "
              + quoted(contentType)
              + ", but was "
              + kind(data));
    }
    return isText(MediaTypes.essence(contentType))
        ? Data.text(data.textValue())
        : Data.bytes(data.textValue().getBytes(StandardCharsets.UTF_8));
  }

  private WebhookEvent binary(WebhookRequest request, ObjectMapper mapper) {
    Headers headers = request.headers();
    SpecVersion version = specVersion(headers);
    for (String required : REQUIRED_IN_ORDER) {
      if (headers.first(required).orElse("").isEmpty()) {
        throw new MalformedEventException("required header " + required + " is missing");
      }
    }
    CloudEventBuilder builder = CloudEventBuilder.fromSpecVersion(version);
    for (Map.Entry<String, List<String>> header : headers.asMap().entrySet()) {
      String name = header.getKey();
      if (!name.startsWith(HEADER_PREFIX) || name.equals("ce-specversion")) {
        continue;
      }
      if (binaryHeaders != null && !binaryHeaders.contains(name)) {
        continue; // not covered by the signature: written by whoever sent the request
      }
      String attribute = name.substring(HEADER_PREFIX.length());
      if (!isAttributeName(attribute)) {
        throw new MalformedEventException(
            "header "
                + LogText.escape(name)
                + " does not name a CloudEvents attribute: names are lower-case letters a-z and"
                + " digits 0-9 only");
      }
      if (attribute.equals("datacontenttype") || attribute.equals("data")) {
        throw new MalformedEventException(
            "header "
                + name
                + " is not allowed: in binary mode the data is the body and its content type is"
                + " Content-Type");
      }
      String value = headerValue(name, single(name, header.getValue()));
      try {
        builder.withContextAttribute(attribute, value);
      } catch (CloudEventRWException | IllegalArgumentException e) {
        throw new MalformedEventException(
            "header " + name + " is not a valid " + attribute + ": " + quoted(value), e);
      }
    }
    // The media type decides how the signed bytes are read (JSON, text or bytes): unsigned, it is
    // ignored like any other unsigned attribute, and the data is read as JSON.
    List<String> contentTypes =
        binaryHeaders == null || binaryHeaders.contains("content-type")
            ? headers.all("content-type")
            : List.of();
    String contentType = contentTypes.isEmpty() ? null : single("content-type", contentTypes);
    if (contentType != null) {
      mediaType(contentType, "header Content-Type");
      builder.withDataContentType(contentType);
    }
    CloudEvent event;
    try {
      event = builder.build();
    } catch (CloudEventRWException | IllegalStateException e) {
      throw new MalformedEventException(
          "the ce-* headers are not a valid CloudEvent: " + LogText.escape(message(e)), e);
    }
    Data data =
        request.body().length == 0
            ? Data.NONE
            : Data.of(request.body(), contentType, "the body", mapper);
    return toWebhookEvent(event, data, request, mapper);
  }

  private static WebhookEvent toWebhookEvent(
      CloudEvent event, Data data, WebhookRequest request, ObjectMapper mapper) {
    String source = event.getSource().toString();
    WebhookEvent.Builder builder =
        WebhookEvent.builder(request, mapper)
            .id(event.getId())
            .topic(event.getType())
            .source(source)
            .occurredAt(event.getTime() == null ? null : event.getTime().toInstant())
            .apiVersion(extensionText(event, "apiversion"))
            .idempotencyKey(EventJson.key(source, event.getId()));
    if (data.json() != null) {
      builder.data(data.json());
    } else if (data.text() != null) {
      builder.textData(data.text());
    } else if (data.bytes() != null) {
      builder.binaryData(data.bytes());
    }
    return builder.previousAttributes(previousAttributes(event, data.json(), mapper)).build();
  }

  /** An event's data as the reader found it: a JSON tree, text or bytes; all null for none. */
  private record Data(@Nullable JsonNode json, @Nullable String text, byte @Nullable [] bytes) {

    static final Data NONE = new Data(null, null, null);

    static Data json(JsonNode json) {
      return new Data(json, null, null);
    }

    static Data text(String text) {
      return new Data(null, text, null);
    }

    static Data bytes(byte[] bytes) {
      return new Data(null, null, bytes);
    }

    /** Bytes in the given content type: JSON (also when absent), text in its charset, or bytes. */
    static Data of(byte[] bytes, @Nullable String contentType, String what, ObjectMapper mapper) {
      if (contentType == null || isJson(MediaTypes.essence(contentType))) {
        return json(parse(bytes, what, mapper));
      }
      if (isText(MediaTypes.essence(contentType))) {
        return text(decode(bytes, charset(contentType, what), what));
      }
      return bytes(bytes);
    }

    private static JsonNode parse(byte[] bytes, String what, ObjectMapper mapper) {
      try {
        JsonNode parsed = mapper.readTree(bytes);
        if (parsed == null || parsed.isMissingNode()) {
          throw new MalformedEventException(what + " is empty, which is not JSON");
        }
        return parsed;
      } catch (JacksonException e) {
        throw new MalformedEventException(
            what + " is not valid JSON: " + LogText.escape(e.getOriginalMessage()), e);
      } catch (IOException e) {
        throw new MalformedEventException(what + " could not be read: " + e.getMessage(), e);
      }
    }
  }

  /** From the extension, else from the JSON data's own member (data may be null). */
  private static PreviousAttributes previousAttributes(
      CloudEvent event, @Nullable JsonNode data, ObjectMapper mapper) {
    String extension = extensionText(event, PREVIOUS_ATTRIBUTES_EXTENSION);
    if (extension != null) {
      JsonNode node = EventJson.parse(mapper, extension.getBytes(StandardCharsets.UTF_8));
      if (!node.isObject()) {
        throw new MalformedEventException(
            "extension " + PREVIOUS_ATTRIBUTES_EXTENSION + " must hold a JSON object");
      }
      return PreviousAttributes.of((ObjectNode) node);
    }
    return data != null && data.isObject()
        ? EventJson.optionalObject(data, "previousAttributes")
            .map(node -> PreviousAttributes.of((ObjectNode) node))
            .orElse(PreviousAttributes.none())
        : PreviousAttributes.none();
  }

  private static @Nullable String extensionText(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    return value == null ? null : value.toString();
  }

  /** The structured event's {@code specversion}: a string, 1.0 or 0.3. */
  private static SpecVersion specVersion(@Nullable JsonNode value, String what) {
    if (value == null || value.isNull()) {
      throw new MalformedEventException(what + " is missing");
    }
    if (!value.isTextual()) {
      throw new MalformedEventException(what + " must be a string, but was " + kind(value));
    }
    return specVersion(value.textValue(), what);
  }

  /** The binary-mode {@code ce-specversion} header: once, 1.0 or 0.3. */
  private static SpecVersion specVersion(Headers headers) {
    List<String> values = headers.all("ce-specversion");
    String what = "header ce-specversion";
    if (values.isEmpty()) {
      throw new MalformedEventException(what + " is missing");
    }
    return specVersion(headerValue("ce-specversion", single("ce-specversion", values)), what);
  }

  private static SpecVersion specVersion(String value, String what) {
    return switch (value) {
      case "1.0" -> SpecVersion.V1;
      case "0.3" -> SpecVersion.V03;
      default ->
          throw new MalformedEventException(what + " must be 1.0 or 0.3, but was " + quoted(value));
    };
  }

  /** The event's {@code datacontenttype}, checked to be a media type; null when absent. */
  private static @Nullable String dataContentType(CloudEvent event, String what) {
    String contentType = event.getDataContentType();
    if (contentType != null) {
      mediaType(contentType, what);
    }
    return contentType;
  }

  private static void mediaType(String contentType, String what) {
    int semicolon = contentType.indexOf(';');
    String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    if (!MEDIA_TYPE.matcher(essence).matches()) {
      throw new MalformedEventException(
          what + " must be a media type such as text/plain, but was " + quoted(contentType));
    }
  }

  /** JSON data, as the CloudEvents JSON format recognizes it. */
  private static boolean isJson(String essence) {
    return MediaTypes.isJson(essence) || essence.equals("text/json") || essence.endsWith("+json");
  }

  /** Text data: any text type, and XML. */
  private static boolean isText(String essence) {
    return essence.startsWith("text/")
        || essence.equals("application/xml")
        || essence.endsWith("+xml");
  }

  /** The {@code charset} parameter of a content type; UTF-8 when it has none. */
  private static Charset charset(String contentType, String what) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      int equals = parts[i].indexOf('=');
      if (equals > 0 && parts[i].substring(0, equals).trim().equalsIgnoreCase("charset")) {
        String name = parts[i].substring(equals + 1).trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new MalformedEventException(
              what + " is in charset " + quoted(name) + ", which is not supported", e);
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** Decodes text, rejecting bytes that are not valid in the charset. */
  private static String decode(byte[] bytes, Charset charset, String what) {
    try {
      return charset.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEventException(what + " is not valid " + charset.name() + " text", e);
    }
  }

  private static byte[] decodeBase64(JsonNode value, String what) {
    if (!value.isTextual()) {
      throw new MalformedEventException(
          what + " must be a base64 JSON string, but was " + kind(value));
    }
    try {
      return Base64.getDecoder().decode(value.textValue());
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(what + " is not valid base64: " + e.getMessage(), e);
    }
  }

  /** A JSON member's value, null when absent or JSON null (which CloudEvents reads as absent). */
  private static @Nullable JsonNode present(@Nullable JsonNode value) {
    return value == null || value.isNull() ? null : value;
  }

  /** Attribute names: lower-case ASCII letters and digits, at least one (CloudEvents 1.0, 3.1). */
  private static boolean isAttributeName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /** The one value of a header; one sent several times is ambiguous. */
  private static String single(String name, List<String> values) {
    if (values.size() != 1) {
      throw new MalformedEventException(
          "header " + name + " must be sent once, but was sent " + values.size() + " times");
    }
    return values.get(0);
  }

  /**
   * A binary-mode header value: a double-quoted string unquoted (RFC 7230, 3.2.6), then one round
   * of percent-decoding into UTF-8 (CloudEvents HTTP binding, 3.1.3.2); invalid escapes and byte
   * sequences that are not UTF-8 are rejected, as the binding requires.
   */
  private static String headerValue(String name, String raw) {
    String value = unquote(raw);
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '%') {
        int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
        int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new MalformedEventException(
              "header " + name + " has a '%' at " + i + " that is not followed by two hex digits");
        }
        out.write((high << 4) | low);
        i += 3;
      } else {
        int codePoint = value.codePointAt(i);
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(codePoint);
      }
    }
    return decode(
        out.toByteArray(), StandardCharsets.UTF_8, "header " + name + ", percent-decoded,");
  }

  /** A value that is one double-quoted string, unquoted; any other value as it is. */
  private static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '"') {
        return value; // several quoted strings, or text around them: not one quoted string
      }
      if (c == '\\') {
        if (++i == value.length() - 1) {
          return value; // the closing quote is escaped
        }
        c = value.charAt(i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /** An untrusted value for a message, in double quotes, escaped as for a log line. */
  private static String quoted(String value) {
    return '"' + LogText.escape(value) + '"';
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String message(Exception e) {
    return String.valueOf(
        e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage());
  }
}
