package dev.hookline.receiver.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Listener methods of every parameter kind; records what each received. */
public class RecordingListeners {

  public final List<String> calls = new CopyOnWriteArrayList<>();

  @WebhookListener(endpoint = "lucca", topic = "employee.updated")
  public void typed(Employee employee, @Previous Employee before, PreviousAttributes previous) {
    calls.add(
        "typed "
            + before.givenName()
            + "->"
            + employee.givenName()
            + " changed="
            + previous.names());
  }

  @WebhookListener(endpoint = "lucca", topic = "employee.*")
  public void raw(
      WebhookEvent event,
      @WebhookHeader("lucca-timestamp") String timestamp,
      @WebhookHeader("X-Absent") String absent,
      byte[] body,
      JsonNode data) {
    calls.add(
        "raw "
            + event.topic()
            + " ts="
            + (timestamp != null)
            + " absent="
            + absent
            + " body="
            + (body.length > 0)
            + " data="
            + data.get("familyName").textValue());
  }

  @WebhookListener(endpoint = "lucca", topic = "employee.deleted")
  public void failing(WebhookEvent event) {
    calls.add("failing " + event.id());
    throw new IllegalStateException("listener failed");
  }
}
