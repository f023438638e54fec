package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Ready Lucca events (PROTOCOLS.md §1.3), built on the provider's published {@code
 * employee.updated} example. Each call returns a new {@link LuccaEvent} to adjust; each topic has
 * its own default id, so two different fixtures are two different events while the same fixture
 * sent twice is a redelivery.
 */
public final class LuccaFixtures {

  /** The tenant every fixture comes from. */
  public static final String SOURCE = "https://example.ilucca.net";

  /** The topics {@link #forTopic(String)} knows, in the order {@link #all()} lists them. */
  public static final List<String> TOPICS =
      List.of(
          "employee.created",
          "employee.updated",
          "employee.deleted",
          "leave-request.created",
          "leave-request.updated",
          "leave-request.deleted",
          "test.created",
          "confirmation");

  private LuccaFixtures() {}

  /** A new employee (Edward Atkinson, id 416). */
  public static LuccaEvent employeeCreated() {
    return employee("employee.created").withoutPrevious();
  }

  /** Edward's given name changed: {@code previousAttributes} is {@code {"givenName": "Ed"}}. */
  public static LuccaEvent employeeUpdated() {
    return employee("employee.updated");
  }

  /** Employee 416 deleted. */
  public static LuccaEvent employeeDeleted() {
    return employee("employee.deleted").withoutPrevious();
  }

  /** A pending leave request of employee 416. */
  public static LuccaEvent leaveRequestCreated() {
    return leaveRequest("leave-request.created");
  }

  /** The leave request approved: {@code previousAttributes} is {@code {"status": "pending"}}. */
  public static LuccaEvent leaveRequestUpdated() {
    return leaveRequest("leave-request.updated")
        .data("status", "approved")
        .previous("status", "pending");
  }

  /** The leave request cancelled and deleted. */
  public static LuccaEvent leaveRequestDeleted() {
    return leaveRequest("leave-request.deleted");
  }

  /** The event Lucca sends when a test delivery is requested. */
  public static LuccaEvent testCreated() {
    ObjectNode data = Json.object();
    data.put("id", "1");
    data.put("type", "test");
    data.put("url", SOURCE + "/lucca-api/tests/1");
    return event("test.created", data);
  }

  /** A confirmation event for a webhook endpoint. */
  public static LuccaEvent confirmation() {
    ObjectNode data = Json.object();
    data.put("id", "42");
    data.put("type", "webhook-endpoint");
    data.put("url", SOURCE + "/lucca-api/webhook-endpoints/42");
    return event("confirmation", data);
  }

  /**
   * The fixture of a known topic (see {@link #TOPICS}).
   *
   * @throws IllegalArgumentException for another topic
   */
  public static LuccaEvent forTopic(String topic) {
    return switch (topic) {
      case "employee.created" -> employeeCreated();
      case "employee.updated" -> employeeUpdated();
      case "employee.deleted" -> employeeDeleted();
      case "leave-request.created" -> leaveRequestCreated();
      case "leave-request.updated" -> leaveRequestUpdated();
      case "leave-request.deleted" -> leaveRequestDeleted();
      case "test.created" -> testCreated();
      case "confirmation" -> confirmation();
      default ->
          throw new IllegalArgumentException(
              "no Lucca fixture for topic " + topic + "; known: " + TOPICS);
    };
  }

  /** Every fixture, in Lucca's default content type. */
  public static List<LuccaEvent> all() {
    return TOPICS.stream().map(LuccaFixtures::forTopic).toList();
  }

  /** An event of any topic with the given data. */
  public static LuccaEvent event(String topic, Map<String, ?> data) {
    return event(topic, (ObjectNode) Json.tree(data));
  }

  private static LuccaEvent event(String topic, ObjectNode data) {
    ObjectNode event = Json.object();
    event.put("id", "");
    event.put("type", "event");
    event.put("url", "");
    event.put("apiVersion", "2024-11-01");
    event.put("topic", topic);
    event.put("occurredAt", "2025-01-01T08:34:20.001Z");
    event.put("source", SOURCE);
    event.putNull("businessEstablishment");
    event.set("data", data.deepCopy());
    return new LuccaEvent(event).id(defaultId(topic));
  }

  private static LuccaEvent employee(String topic) {
    ObjectNode published = Json.parse(Fixtures.published("lucca/event.employee.updated.json"));
    published.put("topic", topic);
    return new LuccaEvent(published)
        .id(topic.equals("employee.updated") ? "123" : defaultId(topic));
  }

  private static LuccaEvent leaveRequest(String topic) {
    ObjectNode data = Json.object();
    data.put("id", "9001");
    data.put("type", "leave-request");
    data.put("url", SOURCE + "/lucca-api/leave-requests/9001");
    ObjectNode owner = data.putObject("owner");
    owner.put("id", "416");
    owner.put("type", "employee");
    owner.put("url", SOURCE + "/lucca-api/employees/416");
    data.put("status", "pending");
    data.put("startsOn", "2025-02-10");
    data.put("endsOn", "2025-02-14");
    data.put("createdAt", "2025-01-01T08:30:00Z");
    return event(topic, data);
  }

  private static String defaultId(String topic) {
    return "evt-" + topic.replace('.', '-');
  }
}
