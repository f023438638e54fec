package dev.hookline.receiver.lucca;

import static dev.hookline.receiver.TestRequests.employeeUpdated;
import static dev.hookline.receiver.TestRequests.lucca;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Lucca reader binds {@code data} while it reads the body when the receiver's handlers of the
 * topic bind one type; every outcome must match binding it later.
 */
class LuccaEarlyBindingTest {

  private static final String ENVELOPE =
      "\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"https://example.ilucca.net\"";

  private final ObjectMapper mapper = new ObjectMapper();
  private final List<Employee> employees = new ArrayList<>();
  private final List<WebhookEvent> events = new ArrayList<>();

  private static WebhookRequest request(byte[] body) {
    return WebhookRequest.builder().body(body).build();
  }

  private static WebhookRequest request(String body) {
    return request(body.getBytes(StandardCharsets.UTF_8));
  }

  private WebhookEvent readBinding(WebhookRequest request) {
    return LuccaEventReader.create()
        .read(request, mapper, topic -> topic.equals("employee.updated") ? Employee.class : null)
        .get(0);
  }

  private WebhookReceiver typedReceiver() {
    return Lucca.receiver(TestRequests.LUCCA_SECRET)
        .on(
            LuccaTopics.EMPLOYEE_UPDATED,
            Employee.class,
            (employee, event) -> {
              employees.add(employee);
              events.add(event);
            })
        .build();
  }

  /** Only the fields the test names, to show a second type still binds from the raw bytes. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Names(String givenName, String familyName) {}

  @Test
  void handlerGetsTheDataBoundDuringTheReadAndTheEventKeepsIt() {
    WebhookResponse response = typedReceiver().receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(200);
    Employee lazilyBound =
        LuccaEventReader.create()
            .read(request(employeeUpdated()), mapper)
            .get(0)
            .data(Employee.class);
    assertThat(employees).containsExactly(lazilyBound);
    assertThat(events.get(0).data(Employee.class)).isSameAs(employees.get(0));
  }

  @Test
  void otherTypesTheTreeAndPreviousValuesStillWork() {
    WebhookEvent event = readBinding(request(employeeUpdated()));

    assertThat(event.data(Employee.class)).isSameAs(event.data(Employee.class));
    assertThat(event.data(Names.class)).isEqualTo(new Names("Edward", "Atkinson"));
    assertThat(event.data().get("givenName").asText()).isEqualTo("Edward");
    assertThat(event.previous(Employee.class).givenName()).isEqualTo("Ed");
    assertThat(event.changed("givenName")).isTrue();
  }

  @Test
  void dataBeforeTheTopicIsBoundWhenTheHandlerAsks() {
    String body =
        "{\"data\":{\"givenName\":\"Edward\"},\"id\":\"1\",\"topic\":\"employee.updated\","
            + "\"source\":\"s\"}";

    WebhookResponse response =
        typedReceiver().receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(employees).extracting(Employee::givenName).containsExactly("Edward");
  }

  @Test
  void previousAttributesInsideTheDataAreStillFound() {
    WebhookEvent event =
        readBinding(
            request(
                "{"
                    + ENVELOPE
                    + ",\"data\":{\"givenName\":\"Edward\","
                    + "\"previousAttributes\":{\"givenName\":\"Ed\"}}}"));

    assertThat(event.data(Employee.class).givenName()).isEqualTo("Edward");
    assertThat(event.changed("givenName")).isTrue();
    assertThat(event.previous(Employee.class).givenName()).isEqualTo("Ed");
  }

  @Test
  void dataThatDoesNotFitTheTypeFailsAsItWouldWithoutEarlyBinding() {
    String body = "{" + ENVELOPE + ",\"data\":{\"givenName\":\"Edward\",\"birthDay\":\"soon\"}}";

    WebhookEvent event = readBinding(request(body));
    assertThatThrownBy(() -> event.data(Employee.class))
        .isInstanceOf(EventBindingException.class)
        .hasMessageContaining("cannot be bound to " + Employee.class.getName());
    assertThat(event.data().get("givenName").asText()).isEqualTo("Edward");

    WebhookResponse response =
        typedReceiver().receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.bodyText()).startsWith("event data does not bind to Employee: birthDay: ");
    assertThat(employees).isEmpty();
  }

  @Test
  void repeatedKeysInsideBoundDataAreRejectedWhereverTheyAre() {
    String unknownField = "{" + ENVELOPE + ",\"data\":{\"extra\":{\"x\":1,\"x\":2}}}";
    String arrayElement = "{" + ENVELOPE + ",\"data\":{\"tags\":[{\"a\":1,\"a\":2}]}}";
    String knownField = "{" + ENVELOPE + ",\"data\":{\"givenName\":\"A\",\"givenName\":\"B\"}}";

    assertThatThrownBy(() -> readBinding(request(unknownField)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body is not valid JSON: Duplicate field 'x'");
    assertThatThrownBy(() -> readBinding(request(arrayElement)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body is not valid JSON: Duplicate field 'a'");
    assertThatThrownBy(() -> readBinding(request(knownField)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body is not valid JSON: Duplicate field 'givenName'");
  }

  @Test
  void aJsonLimitBrokenInsideBoundDataAnswers400() {
    String body = "{" + ENVELOPE + ",\"data\":{\"count\":" + "1".repeat(150) + "}}";

    WebhookResponse response =
        typedReceiver().receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("Number value length");
    assertThat(employees).isEmpty();
  }
}
