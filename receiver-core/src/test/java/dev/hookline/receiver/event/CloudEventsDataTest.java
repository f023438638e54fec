package dev.hookline.receiver.event;

import static dev.hookline.receiver.event.CloudEventRequests.readOne;
import static dev.hookline.receiver.event.CloudEventRequests.request;
import static dev.hookline.receiver.event.CloudEventRequests.structured;
import static dev.hookline.receiver.event.CloudEventRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Event data that is JSON, text or bytes, in each framing, and what {@code data()}, {@code
 * data(String.class)}, {@code data(byte[].class)} and other types make of it.
 */
class CloudEventsDataTest {

  /** The bytes E0 FF 00 44 AA (not UTF-8), base64 {@code 4P8ARKo=}. */
  private static final byte[] NOT_UTF8 = {(byte) 0xE0, (byte) 0xFF, 0x00, 0x44, (byte) 0xAA};

  private static WebhookRequest structuredWith(String members) {
    return structured(
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/source\",\"type\":\"test.event\","
            + members
            + "}");
  }

  private static WebhookRequest binary(String contentType, byte[] body) {
    return binary("1", "test.event", contentType, body);
  }

  /** A binary-mode event; no Content-Type when the content type is null. */
  private static WebhookRequest binary(String id, String type, String contentType, byte[] body) {
    List<Map.Entry<String, String>> headers =
        new ArrayList<>(
            List.of(
                Map.entry("ce-specversion", "1.0"),
                Map.entry("ce-id", id),
                Map.entry("ce-source", "/source"),
                Map.entry("ce-type", type)));
    if (contentType != null) {
      headers.add(Map.entry("Content-Type", contentType));
    }
    return request(headers, body);
  }

  @Test
  void structuredPlainTextIsText() {
    WebhookEvent event =
        readOne(structuredWith("\"datacontenttype\":\"text/plain\",\"data\":\"Hello, 🌎!\""));

    assertThat(event.data(String.class)).isEqualTo("Hello, 🌎!");
    assertThat(event.data(byte[].class)).isEqualTo(utf8("Hello, 🌎!"));
    assertThat(event.data()).isEqualTo(TextNode.valueOf("Hello, 🌎!"));
    assertThat(event.data(JsonNode.class)).isEqualTo(TextNode.valueOf("Hello, 🌎!"));
  }

  @Test
  void structuredXmlIsText() {
    WebhookEvent xml =
        readOne(
            structuredWith("\"datacontenttype\":\"application/xml\",\"data\":\"<stuff></stuff>\""));
    WebhookEvent atom =
        readOne(
            structuredWith("\"datacontenttype\":\"application/atom+xml\",\"data\":\"<feed/>\""));

    assertThat(xml.data(String.class)).isEqualTo("<stuff></stuff>");
    assertThat(atom.data()).isEqualTo(TextNode.valueOf("<feed/>"));
  }

  @Test
  void textDataDoesNotBindToARecordButIsAnEventBindingException() {
    WebhookEvent event =
        readOne(structuredWith("\"datacontenttype\":\"text/plain\",\"data\":\"Edward\""));

    EventBindingException e =
        catchThrowableOfType(EventBindingException.class, () -> event.data(Employee.class));

    assertThat(e.type()).isEqualTo(Employee.class);
    assertThat(e.path()).isEqualTo(EventBindingException.ROOT);
    assertThat(e.problem())
        .isEqualTo("the data is text, not JSON; bind it to String, byte[] or JsonNode");
    assertThat(e)
        .hasMessage(
            "data of event 1 (test.event) cannot be bound to dev.hookline.receiver.lucca.Employee:"
                + " the data is text, not JSON; bind it to String, byte[] or JsonNode");
  }

  @Test
  void base64DataOfABinaryTypeIsBytes() {
    WebhookEvent event =
        readOne(
            structuredWith(
                "\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"4P8ARKo=\""));

    assertThat(event.data(byte[].class)).isEqualTo(NOT_UTF8);
    assertThat(event.data()).isEqualTo(BinaryNode.valueOf(NOT_UTF8));
    EventBindingException text =
        catchThrowableOfType(EventBindingException.class, () -> event.data(String.class));
    assertThat(text.problem()).isEqualTo("the bytes are not UTF-8 text");
    EventBindingException record =
        catchThrowableOfType(EventBindingException.class, () -> event.data(Employee.class));
    assertThat(record.problem())
        .isEqualTo("the data is bytes, not JSON; bind it to String, byte[] or JsonNode");
  }

  @Test
  void bytesThatAreUtf8ReadAsAString() {
    WebhookEvent event = readOne(binary("application/octet-stream", utf8("plain bytes")));

    assertThat(event.data(String.class)).isEqualTo("plain bytes");
    assertThat(event.data()).isInstanceOf(BinaryNode.class);
  }

  @Test
  void base64TextIsDecodedInItsCharset() {
    // "café" in ISO-8859-1: 63 61 66 E9
    WebhookEvent event =
        readOne(
            structuredWith(
                "\"datacontenttype\":\"text/plain; charset=ISO-8859-1\","
                    + "\"data_base64\":\"Y2Fm6Q==\""));

    assertThat(event.data(String.class)).isEqualTo("café");
    assertThat(event.data(byte[].class)).isEqualTo("café".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void base64JsonIsJson() {
    WebhookEvent event =
        readOne(
            structuredWith(
                "\"datacontenttype\":\"application/json\",\"data_base64\":\""
                    + java.util.Base64.getEncoder()
                        .encodeToString(utf8("{\"givenName\":\"Edward\"}"))
                    + "\""));

    assertThat(event.data().get("givenName").textValue()).isEqualTo("Edward");
    assertThat(event.data(Employee.class).givenName()).isEqualTo("Edward");
  }

  @Test
  void jsonDataReadsAsItsJsonTextAndBytes() {
    WebhookEvent event = readOne(structuredWith("\"data\":{\"a\":1,\"b\":[true,null]}"));

    assertThat(event.data(String.class)).isEqualTo("{\"a\":1,\"b\":[true,null]}");
    assertThat(event.data(byte[].class)).isEqualTo(utf8("{\"a\":1,\"b\":[true,null]}"));
  }

  @Test
  void aJsonStringReadsAsItsValueButItsBytesKeepTheQuotes() {
    WebhookEvent event =
        readOne(structuredWith("\"datacontenttype\":\"application/json\",\"data\":\"hello\""));

    assertThat(event.data(String.class)).isEqualTo("hello");
    assertThat(event.data(byte[].class)).isEqualTo(utf8("\"hello\""));
  }

  @Test
  void aProviderSpanReadsAsTheExactJsonOfTheBody() {
    byte[] body = TestRequests.employeeUpdated();
    WebhookEvent event =
        Lucca.PROVIDER
            .reader()
            .read(WebhookRequest.builder().body(body).build(), CloudEventRequests.MAPPER)
            .get(0);
    String text = event.data(String.class);

    assertThat(new String(body, StandardCharsets.UTF_8)).contains(text);
    assertThat(text).startsWith("{").endsWith("}").contains("\"givenName\"");
    assertThat(event.data(byte[].class)).isEqualTo(utf8(text));
  }

  @Test
  void everyCallForBytesGetsItsOwnCopy() {
    WebhookEvent event = readOne(binary("application/octet-stream", NOT_UTF8.clone()));

    event.data(byte[].class)[0] = 0;

    assertThat(event.data(byte[].class)).isEqualTo(NOT_UTF8);
  }

  @Test
  void anEventWithoutDataHasNoTextOrBytes() {
    WebhookEvent event = readOne(structuredWith("\"subject\":\"nothing\""));

    assertThat(event.data().isMissingNode()).isTrue();
    assertThat(
            catchThrowableOfType(EventBindingException.class, () -> event.data(String.class))
                .problem())
        .isEqualTo("the event has no data");
    assertThat(
            catchThrowableOfType(EventBindingException.class, () -> event.data(byte[].class))
                .problem())
        .isEqualTo("the event has no data");
  }

  @Test
  void binaryModeWithoutBodyAndContentTypeHasNoData() {
    CloudEventRequests.Endpoint endpoint = new CloudEventRequests.Endpoint();

    List<WebhookEvent> events = endpoint.accept(binary(null, new byte[0]));

    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.data().isMissingNode()).isTrue());
  }

  @Test
  void binaryModeTextAndBytesReachTypedHandlers() {
    List<String> texts = new CopyOnWriteArrayList<>();
    List<byte[]> bytes = new CopyOnWriteArrayList<>();
    CloudEventRequests.Endpoint endpoint =
        new CloudEventRequests.Endpoint(
            builder ->
                builder
                    .on("text.*", String.class, (text, event) -> texts.add(text))
                    .on("bytes.*", byte[].class, (data, event) -> bytes.add(data)));
    WebhookRequest text = binary("1", "text.sent", "text/plain; charset=utf-8", utf8("Hello, 🌎!"));
    WebhookRequest octets = binary("2", "bytes.sent", "application/octet-stream", NOT_UTF8);

    endpoint.accept(text);
    endpoint.accept(octets);

    assertThat(texts).containsExactly("Hello, 🌎!");
    assertThat(bytes).singleElement().isEqualTo(NOT_UTF8);
  }

  @Test
  void signedStructuredTextReachesAStringHandler() {
    List<String> texts = new CopyOnWriteArrayList<>();
    CloudEventRequests.Endpoint endpoint =
        new CloudEventRequests.Endpoint(
            builder -> builder.on("test.*", String.class, (text, event) -> texts.add(text)));

    endpoint.accept(
        structuredWith("\"datacontenttype\":\"application/xml\",\"data\":\"<a>b</a>\""));

    assertThat(texts).containsExactly("<a>b</a>");
  }

  @Test
  void textForARecordHandlerIsUnbindableAndRunsNoHandler() {
    List<Employee> employees = new CopyOnWriteArrayList<>();
    CloudEventRequests.Endpoint endpoint =
        new CloudEventRequests.Endpoint(
            builder ->
                builder.on("test.*", Employee.class, (employee, event) -> employees.add(employee)));

    WebhookResponse response =
        endpoint.receive(structuredWith("\"datacontenttype\":\"text/plain\",\"data\":\"Edward\""));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.bodyText())
        .isEqualTo(
            "event data does not bind to Employee: (root): the data is text, not JSON; bind it to"
                + " String, byte[] or JsonNode");
    assertThat(employees).isEmpty();
    assertThat(endpoint.handled()).isEmpty();
  }

  @Test
  void aBatchMayMixCloudEvents03And10() {
    CloudEventRequests.Endpoint endpoint = new CloudEventRequests.Endpoint();
    WebhookRequest batch =
        request(
            List.of(Map.entry("Content-Type", MediaTypes.CLOUDEVENTS_BATCH_JSON)),
            utf8(
                "[{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\","
                    + "\"datacontenttype\":\"text/plain\",\"datacontentencoding\":\"base64\","
                    + "\"data\":\"SGVsbG8=\",\"schemaurl\":\"http://localhost/schema\"},"
                    + "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\","
                    + "\"data\":{\"a\":1}}]"));

    List<WebhookEvent> events = endpoint.accept(batch);

    assertThat(events).extracting(WebhookEvent::id).containsExactly("1", "2");
    assertThat(events.get(0).data(String.class)).isEqualTo("Hello");
    assertThat(events.get(1).data().get("a").intValue()).isEqualTo(1);
  }
}
