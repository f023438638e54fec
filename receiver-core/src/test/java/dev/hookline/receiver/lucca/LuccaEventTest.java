package dev.hookline.receiver.lucca;

import static dev.hookline.receiver.TestRequests.employeeUpdated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee.BirthDay;
import dev.hookline.receiver.lucca.Employee.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LuccaEventTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private WebhookEvent read(byte[] body) {
    WebhookRequest request = WebhookRequest.builder().body(body).build();
    return LuccaEventReader.create().read(request, mapper).get(0);
  }

  private WebhookEvent read(String body) {
    return read(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fixtureBindsToEmployeeWithItsPreviousValues() {
    WebhookEvent event = read(employeeUpdated());

    assertThat(event.data(Employee.class).givenName()).isEqualTo("Edward");
    assertThat(event.previous(Employee.class).givenName()).isEqualTo("Ed");
    assertThat(event.previous(Employee.class).familyName()).isNull();
    assertThat(event.changed("givenName")).isTrue();
    assertThat(event.changed("familyName")).isFalse();
    assertThat(event.previousAttributes().names()).containsExactly("givenName");
  }

  @Test
  void envelopeFieldsAreRead() {
    WebhookEvent event = read(employeeUpdated());

    assertThat(event.id()).isEqualTo("123");
    assertThat(event.topic()).isEqualTo(LuccaTopics.EMPLOYEE_UPDATED);
    assertThat(event.source()).isEqualTo("https://example.ilucca.net");
    assertThat(event.occurredAt()).contains(Instant.parse("2024-02-01T09:34:23.001Z"));
    assertThat(event.apiVersion()).contains("2024-01-01");
    assertThat(event.idempotencyKey()).isEqualTo("https://example.ilucca.net|123");
    assertThat(event.rawBody()).isEqualTo(employeeUpdated());
  }

  @Test
  void everyEmployeeFieldOfTheFixtureIsBound() {
    Employee employee = read(employeeUpdated()).data(Employee.class);

    assertThat(employee)
        .isEqualTo(
            new Employee(
                "416",
                "employee",
                "https://example.ilucca.net/lucca-api/employees/416",
                "00002345",
                new Reference(
                    "66512232",
                    "portrait",
                    "https://example.ilucca.net/lucca-api/portraits/66512232"),
                "Edward",
                "Atkinson",
                "E000124",
                "active",
                "eatkinson@acme.corp",
                new BirthDay(22, 12),
                "+33145784512",
                new Reference(
                    "154", "employment", "https://example.ilucca.net/lucca-api/employments/154"),
                new Reference(
                    "74", "job-position", "https://example.ilucca.net/lucca-api/job-positions/74"),
                Instant.parse("2024-04-15T23:12:54.000100Z"),
                Instant.parse("2024-04-15T23:12:54.000100Z")));
  }

  @Test
  void bindingHappensOncePerTypePerEvent() {
    WebhookEvent event = read(employeeUpdated());

    assertThat(event.data(Employee.class)).isSameAs(event.data(Employee.class));
    assertThat(event.previous(Employee.class)).isSameAs(event.previous(Employee.class));
  }

  @Test
  void previousAttributesFallBackToData() {
    WebhookEvent event =
        read(
            "{\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"s\","
                + "\"data\":{\"givenName\":\"Edward\",\"previousAttributes\":{\"givenName\":\"Ed\"}}}");

    assertThat(event.previous(Employee.class).givenName()).isEqualTo("Ed");
    assertThat(event.changed("givenName")).isTrue();
  }

  @Test
  void onlyTheDataObjectsOwnPreviousAttributesAreTheFallback() {
    WebhookEvent event =
        read(
            "{\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"s\","
                + "\"data\":{\"portrait\":{\"previousAttributes\":{\"id\":\"9\"}}},"
                + "\"links\":{\"previousAttributes\":{\"href\":\"x\"}}}");

    assertThat(event.previousAttributes().isEmpty()).isTrue();
  }

  @Test
  void eventLevelPreviousAttributesWinOverData() {
    WebhookEvent event =
        read(
            "{\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"s\","
                + "\"previousAttributes\":{\"familyName\":\"A\"},"
                + "\"data\":{\"previousAttributes\":{\"givenName\":\"Ed\"}}}");

    assertThat(event.changed("familyName")).isTrue();
    assertThat(event.changed("givenName")).isFalse();
  }

  @Test
  void nullPreviousValueMeansChangedFromNull() {
    WebhookEvent event =
        read(
            "{\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"s\","
                + "\"previousAttributes\":{\"phoneNumber\":null},\"data\":{}}");

    assertThat(event.changed("phoneNumber")).isTrue();
    assertThat(event.previous(Employee.class).phoneNumber()).isNull();
  }

  @Test
  void unknownFieldsAreIgnoredEverywhere() {
    WebhookEvent event =
        read(
            "{\"id\":\"1\",\"topic\":\"employee.created\",\"source\":\"s\",\"future\":true,"
                + "\"data\":{\"givenName\":\"A\",\"newField\":{\"x\":1},"
                + "\"birthDay\":{\"day\":1,\"month\":2,\"year\":3}}}");

    assertThat(event.data(Employee.class).birthDay()).isEqualTo(new BirthDay(1, 2));
  }

  @Test
  void missingFieldsAreMalformedWithTheFieldNamed() {
    assertThatThrownBy(() -> read("{\"topic\":\"t\",\"source\":\"s\"}"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("required field \"id\" is missing");
    assertThatThrownBy(() -> read("{\"id\":\"1\",\"topic\":\"t\"}"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("required field \"source\" is missing");
    assertThatThrownBy(() -> read("{\"id\":1,\"topic\":\"t\",\"source\":\"s\"}"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"id\" must be a non-empty string, but was number");
    assertThatThrownBy(() -> read("{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\",\"data\":[1]}"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"data\" must be an object, but was array");
    assertThatThrownBy(
            () -> read("{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\",\"occurredAt\":\"Monday\"}"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"occurredAt\" must be an ISO-8601 date-time with offset");
    assertThatThrownBy(() -> read("[]"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body must be a JSON object, but was array");
    assertThatThrownBy(() -> read(""))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body is empty");
  }

  @Test
  void dataOfTheWrongShapeFailsBindingWithTheTypeNamed() {
    WebhookEvent event =
        read("{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\",\"data\":{\"createdAt\":\"soon\"}}");

    assertThatThrownBy(() -> event.data(Employee.class))
        .isInstanceOf(EventBindingException.class)
        .hasMessageStartingWith(
            "data of event 1 (t) cannot be bound to " + Employee.class.getName());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":\"%s\",\"topic\":\"t\",\"source\":\"s\"}|id|256",
        "{\"id\":\"1\",\"topic\":\"%s\",\"source\":\"s\"}|topic|256",
        "{\"id\":\"1\",\"topic\":\"t\",\"source\":\"%s\"}|source|2048"
      })
  void identityFieldsAreBoundedWithTheFieldNamed(String template, String field, int bound) {
    WebhookEvent atTheBound = read(template.formatted("x".repeat(bound)));

    assertThat(List.of(atTheBound.id(), atTheBound.topic(), atTheBound.source()))
        .contains("x".repeat(bound));
    assertThatThrownBy(() -> read(template.formatted("é".repeat(bound + 1))))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(
            "field \"%s\" must be at most %d characters, but had %d", field, bound, bound + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+10000-01-01T00:00:00Z", "2024-01-01T00:00:00.1234567891Z"})
  void occurredAtOutsideYearsZeroTo9999OrFinerThanNanosIsMalformed(String time) {
    String body = "{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\",\"occurredAt\":\"" + time + "\"}";

    assertThatThrownBy(() -> read(body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("field \"occurredAt\" must be an ISO-8601 date-time with offset");
  }

  @Test
  void aDataTimeBeyondYear9999DoesNotBind() {
    WebhookEvent event =
        read(
            "{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\","
                + "\"data\":{\"createdAt\":\"+10000-01-01T00:00:00Z\"}}");

    assertThatThrownBy(() -> event.data(Employee.class))
        .isInstanceOf(EventBindingException.class)
        .hasMessageContaining("not an ISO-8601 date-time with offset");
  }
}
