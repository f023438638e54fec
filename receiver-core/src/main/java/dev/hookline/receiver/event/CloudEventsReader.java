package dev.hookline.receiver.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hookline.receiver.Headers;
import dev.hookline.receiver.WebhookRequest;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.jackson.JsonFormatOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads CloudEvents 1.0 over HTTP in the three framings, chosen by the request's content type:
 * structured ({@code application/cloudevents+json}), batch ({@code
 * application/cloudevents-batch+json}) and otherwise binary ({@code ce-*} headers, the body is the
 * data). {@code type} becomes the topic, {@code time} the occurrence time, {@code source|id} the
 * idempotency key; previous values are read from a {@code previousattributes} extension, else from
 * {@code data.previousAttributes}.
 *
 * <p>Binary mode reads attributes from headers, which a provider's signature does not cover unless
 * its scheme names them: {@link #binaryHeaders(Set)} makes a reader that reads only the given
 * headers and ignores every other {@code ce-*} header. The receiver decides which framings an
 * endpoint accepts (see {@link Framing}).
 */
public final class CloudEventsReader implements EventReader {

  /** The most events one batch may carry. */
  public static final int MAX_BATCH_SIZE = 1000;

  /** The extension that may carry previous values (CloudEvents names are lower case). */
  public static final String PREVIOUS_ATTRIBUTES_EXTENSION = "previousattributes";

  private static final String HEADER_PREFIX = "ce-";

  /** The attributes every binary-mode event needs, as header names. */
  public static final Set<String> REQUIRED_BINARY_HEADERS = Set.of("ce-id", "ce-source", "ce-type");

  private static final CloudEventsReader INSTANCE = new CloudEventsReader(null);

  /** The lower-case {@code ce-*} header names binary mode reads; null for all of them. */
  private final Set<String> binaryHeaders;

  private CloudEventsReader(Set<String> binaryHeaders) {
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

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    String essence = request.headers().first("content-type").map(MediaTypes::essence).orElse("");
    if (essence.equals(MediaTypes.CLOUDEVENTS_BATCH_JSON)) {
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
    if (essence.equals(MediaTypes.CLOUDEVENTS_JSON)) {
      return List.of(
          structured(EventJson.parse(mapper, request.body()), "the event", request, mapper));
    }
    return List.of(binary(request, mapper));
  }

  private static WebhookEvent structured(
      JsonNode node, String what, WebhookRequest request, ObjectMapper mapper) {
    if (!node.isObject()) {
      throw new MalformedEventException(what + " must be a JSON object");
    }
    CloudEvent event;
    try {
      event = mapper.treeToValue(node, CloudEvent.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new MalformedEventException(what + " is not a valid CloudEvent: " + message(e), e);
    }
    return toWebhookEvent(event, request, mapper);
  }

  private WebhookEvent binary(WebhookRequest request, ObjectMapper mapper) {
    Headers headers = request.headers();
    String specVersion = headers.first("ce-specversion").orElse("");
    if (!specVersion.equals("1.0")) {
      throw new MalformedEventException(
          "header ce-specversion must be 1.0, but was \"" + specVersion + "\"");
    }
    CloudEventBuilder builder = CloudEventBuilder.v1();
    try {
      builder
          .withId(requiredHeader(headers, "ce-id"))
          .withSource(URI.create(requiredHeader(headers, "ce-source")))
          .withType(requiredHeader(headers, "ce-type"));
      headers.first("content-type").ifPresent(builder::withDataContentType);
      for (Map.Entry<String, List<String>> header : headers.asMap().entrySet()) {
        String name = header.getKey();
        if (!name.startsWith(HEADER_PREFIX)) {
          continue;
        }
        if (binaryHeaders != null && !binaryHeaders.contains(name)) {
          continue; // not covered by the signature: written by whoever sent the request
        }
        String attribute = name.substring(HEADER_PREFIX.length());
        String value = percentDecode(header.getValue().get(0));
        switch (attribute) {
          case "specversion", "id", "source", "type" -> {}
          case "time" -> builder.withTime(OffsetDateTime.parse(value));
          case "subject" -> builder.withSubject(value);
          case "dataschema" -> builder.withDataSchema(URI.create(value));
          default -> builder.withExtension(attribute, value);
        }
      }
      if (request.body().length > 0) {
        builder.withData(request.body());
      }
      return toWebhookEvent(builder.build(), request, mapper);
    } catch (DateTimeException e) {
      throw new MalformedEventException("header ce-time is not an RFC 3339 date-time", e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MalformedEventException(
          "the ce-* headers are not a valid CloudEvent: " + e.getMessage(), e);
    }
  }

  private static WebhookEvent toWebhookEvent(
      CloudEvent event, WebhookRequest request, ObjectMapper mapper) {
    JsonNode data = data(event.getData(), mapper);
    String source = event.getSource().toString();
    return WebhookEvent.builder(request, mapper)
        .id(event.getId())
        .topic(event.getType())
        .source(source)
        .occurredAt(event.getTime() == null ? null : event.getTime().toInstant())
        .apiVersion(extensionText(event, "apiversion"))
        .idempotencyKey(source + "|" + event.getId())
        .data(data)
        .previousAttributes(previousAttributes(event, data, mapper))
        .build();
  }

  private static JsonNode data(CloudEventData data, ObjectMapper mapper) {
    if (data == null) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (data instanceof JsonCloudEventData json) {
      return json.getNode();
    }
    return EventJson.parse(mapper, data.toBytes());
  }

  private static PreviousAttributes previousAttributes(
      CloudEvent event, JsonNode data, ObjectMapper mapper) {
    String extension = extensionText(event, PREVIOUS_ATTRIBUTES_EXTENSION);
    if (extension != null) {
      JsonNode node = EventJson.parse(mapper, extension.getBytes(StandardCharsets.UTF_8));
      if (!node.isObject()) {
        throw new MalformedEventException(
            "extension " + PREVIOUS_ATTRIBUTES_EXTENSION + " must hold a JSON object");
      }
      return PreviousAttributes.of((com.fasterxml.jackson.databind.node.ObjectNode) node);
    }
    return data.isObject()
        ? EventJson.optionalObject(data, "previousAttributes")
            .map(
                node ->
                    PreviousAttributes.of((com.fasterxml.jackson.databind.node.ObjectNode) node))
            .orElse(PreviousAttributes.none())
        : PreviousAttributes.none();
  }

  private static String extensionText(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    return value == null ? null : value.toString();
  }

  private static String requiredHeader(Headers headers, String name) {
    String value = headers.first(name).map(CloudEventsReader::percentDecode).orElse("");
    if (value.isEmpty()) {
      throw new MalformedEventException("required header " + name + " is missing");
    }
    return value;
  }

  /** Binary-mode header values are percent-encoded UTF-8 (CloudEvents HTTP binding, 3.1.3.2). */
  private static String percentDecode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    int i = 0;
    while (i < value.length()) {
      int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
      int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
      if (value.charAt(i) == '%' && high >= 0 && low >= 0) {
        out.write((high << 4) | low);
        i += 3;
      } else {
        int codePoint = value.codePointAt(i);
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(codePoint);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String message(Exception e) {
    return e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
  }
}
