package dev.hookline.receiver.event;

import static dev.hookline.receiver.TestRequests.employeeUpdated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Lucca fixture framed in each CloudEvents mode reads as the same typed event. */
class CloudEventsReaderTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The receiver's mapper: the CloudEvents module registered. */
  private static final ObjectMapper CE_MAPPER =
      new ObjectMapper().registerModule(CloudEventsReader.jacksonModule());

  private static ObjectNode fixture() {
    try {
      return (ObjectNode) MAPPER.readTree(employeeUpdated());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The fixture as a structured CloudEvent, previous values in the previousattributes extension.
   */
  private static ObjectNode structured(String id) {
    ObjectNode lucca = fixture();
    ObjectNode event = MAPPER.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("source", lucca.get("source").textValue());
    event.put("type", lucca.get("topic").textValue());
    event.put("time", lucca.get("occurredAt").textValue());
    event.put("datacontenttype", "application/json");
    event.put("apiversion", lucca.get("apiVersion").textValue());
    event.put("previousattributes", lucca.get("previousAttributes").toString());
    event.set("data", lucca.get("data"));
    return event;
  }

  private static WebhookRequest request(String contentType, JsonNode body) {
    return WebhookRequest.builder()
        .header("Content-Type", contentType)
        .body(body.toString().getBytes(StandardCharsets.UTF_8))
        .build();
  }

  static Stream<WebhookRequest> framings() {
    ObjectNode lucca = fixture();
    ArrayNode batch = MAPPER.createArrayNode().add(structured("123"));
    ObjectNode previousInData = structured("123");
    previousInData.remove("previousattributes");
    ((ObjectNode) previousInData.get("data"))
        .set("previousAttributes", lucca.get("previousAttributes"));
    ObjectNode previousAtTopLevel = structured("123");
    previousAtTopLevel.remove("previousattributes");
    previousAtTopLevel.set("previousAttributes", lucca.get("previousAttributes"));
    WebhookRequest binary =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("ce-specversion", "1.0")
            .header("ce-id", "123")
            .header("ce-source", lucca.get("source").textValue())
            .header("ce-type", lucca.get("topic").textValue())
            .header("ce-time", lucca.get("occurredAt").textValue())
            .header("ce-apiversion", lucca.get("apiVersion").textValue())
            .header("ce-previousattributes", "%7B%22givenName%22%3A%22Ed%22%7D")
            .body(lucca.get("data").toString().getBytes(StandardCharsets.UTF_8))
            .build();
    return Stream.of(
        request(MediaTypes.CLOUDEVENTS_JSON, structured("123")),
        request(MediaTypes.CLOUDEVENTS_JSON + "; charset=UTF-8", previousInData),
        request(MediaTypes.CLOUDEVENTS_JSON, previousAtTopLevel),
        request(MediaTypes.CLOUDEVENTS_BATCH_JSON, batch),
        binary);
  }

  @ParameterizedTest
  @MethodSource("framings")
  void everyFramingYieldsTheSameTypedEventAsTheDefaultContentType(WebhookRequest request) {
    WebhookEvent expected =
        Lucca.PROVIDER
            .reader()
            .read(WebhookRequest.builder().body(employeeUpdated()).build(), MAPPER)
            .get(0);

    assertThat(Framing.of(request, EnumSet.allOf(Framing.class)).isCloudEvents()).isTrue();
    List<WebhookEvent> events = CloudEventsReader.create().read(request, CE_MAPPER);

    assertThat(events).hasSize(1);
    WebhookEvent event = events.get(0);
    assertThat(event.id()).isEqualTo(expected.id());
    assertThat(event.topic()).isEqualTo(expected.topic());
    assertThat(event.source()).isEqualTo(expected.source());
    assertThat(event.occurredAt()).isEqualTo(expected.occurredAt());
    assertThat(event.apiVersion()).isEqualTo(expected.apiVersion());
    assertThat(event.idempotencyKey()).isEqualTo(expected.idempotencyKey());
    assertThat(event.data(Employee.class)).isEqualTo(expected.data(Employee.class));
    assertThat(event.data(Employee.class).givenName()).isEqualTo("Edward");
    assertThat(event.previous(Employee.class).givenName()).isEqualTo("Ed");
    assertThat(event.changed("givenName")).isTrue();
    assertThat(event.changed("familyName")).isFalse();
  }

  @Test
  void plainJsonIsNotCloudEvents() {
    WebhookRequest request =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .body(employeeUpdated())
            .build();

    assertThat(Framing.of(request, EnumSet.allOf(Framing.class))).isEqualTo(Framing.PROVIDER);
  }

  @Test
  void batchEventsAreEachDedupedAndDispatchedThroughTheReceiver() {
    List<String> handled = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .on("employee.*", Employee.class, (employee, event) -> handled.add(event.id()))
            .build();
    byte[] first =
        MAPPER.createArrayNode().add(structured("1")).toString().getBytes(StandardCharsets.UTF_8);
    byte[] both =
        MAPPER
            .createArrayNode()
            .add(structured("1"))
            .add(structured("2"))
            .toString()
            .getBytes(StandardCharsets.UTF_8);

    WebhookResponse one = receiver.receive(signedBatch(first));
    WebhookResponse two = receiver.receive(signedBatch(both));

    assertThat(one.status()).isEqualTo(200);
    assertThat(two.status()).isEqualTo(200);
    assertThat(handled).containsExactly("1", "2");
  }

  private static WebhookRequest signedBatch(byte[] body) {
    WebhookRequest signed = TestRequests.lucca(body).build();
    return WebhookRequest.builder()
        .header("Content-Type", MediaTypes.CLOUDEVENTS_BATCH_JSON)
        .header("Lucca-Timestamp", signed.headers().first("Lucca-Timestamp").orElseThrow())
        .header("Lucca-Signature", signed.headers().first("Lucca-Signature").orElseThrow())
        .body(body)
        .build();
  }

  @Test
  void incompleteCloudEventsAreMalformed() {
    ObjectNode noId = structured("1");
    noId.remove("id");
    WebhookRequest binaryWithoutType =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("ce-specversion", "1.0")
            .header("ce-id", "1")
            .header("ce-source", "https://example.ilucca.net")
            .body("{}".getBytes(StandardCharsets.UTF_8))
            .build();
    WebhookRequest wrongVersion =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("ce-specversion", "2.0")
            .body("{}".getBytes(StandardCharsets.UTF_8))
            .build();

    assertThatThrownBy(() -> read(request(MediaTypes.CLOUDEVENTS_JSON, noId)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("the event is not a valid CloudEvent")
        .hasMessageContaining("id");
    assertThatThrownBy(() -> read(binaryWithoutType))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("required header ce-type is missing");
    assertThatThrownBy(() -> read(wrongVersion))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("header ce-specversion must be 1.0 or 0.3, but was \"2.0\"");
    ObjectNode emptySource = structured("1");
    emptySource.put("source", "");
    assertThatThrownBy(() -> read(request(MediaTypes.CLOUDEVENTS_JSON, emptySource)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("event source is missing or empty");
    assertThatThrownBy(
            () -> read(request(MediaTypes.CLOUDEVENTS_BATCH_JSON, MAPPER.createArrayNode())))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("a CloudEvents batch must be a non-empty JSON array");
    assertThatThrownBy(
            () -> read(request(MediaTypes.CLOUDEVENTS_BATCH_JSON, MAPPER.createArrayNode().add(1))))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("event #1 of the batch must be a JSON object");
  }

  private static List<WebhookEvent> read(WebhookRequest request) {
    return CloudEventsReader.create().read(request, CE_MAPPER);
  }
}
