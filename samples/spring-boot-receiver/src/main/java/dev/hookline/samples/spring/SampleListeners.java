package dev.hookline.samples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.spring.Previous;
import dev.hookline.receiver.spring.WebhookHeader;
import dev.hookline.receiver.spring.WebhookListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One listener per endpoint of {@code application.yml}: each logs what arrived and records it in
 * the {@link EventLog}. Hookline calls them only for verified, first-time deliveries; a listener
 * that throws makes the delivery answer 500, so the sender retries.
 */
@Component
public class SampleListeners {

  private static final Logger log = LoggerFactory.getLogger(SampleListeners.class);

  private final EventLog events;

  SampleListeners(EventLog events) {
    this.events = events;
  }

  /**
   * Every Lucca {@code employee.*} event: the employee, then each changed attribute with its value
   * before and after ({@code before} has only the changed attributes set).
   */
  @WebhookListener(endpoint = "lucca", topic = "employee.*")
  public void onLuccaEmployee(
      Employee employee,
      @Previous Employee before,
      PreviousAttributes changes,
      WebhookEvent event) {
    log.info(
        "Lucca {} (event {}): {} {} (employee {})",
        event.topic(),
        event.id(),
        employee.givenName(),
        employee.familyName(),
        employee.id());
    changes
        .asMap()
        .forEach(
            (attribute, old) ->
                log.info("  {}: {} -> {}", attribute, old, event.data().get(attribute)));
    if (changes.changed("givenName") || changes.changed("familyName")) {
      log.info(
          "  renamed: {} {} -> {} {}",
          changes.changed("givenName") ? before.givenName() : employee.givenName(),
          changes.changed("familyName") ? before.familyName() : employee.familyName(),
          employee.givenName(),
          employee.familyName());
    }
    events.record("lucca", event);
  }

  /** Every Standard Webhooks event: topic, {@code webhook-id} and data. */
  @WebhookListener(endpoint = "standard", topic = "*")
  public void onStandardWebhooks(WebhookEvent event) {
    log.info("Standard Webhooks {} (webhook-id {}): {}", event.topic(), event.id(), event.data());
    events.record("standard", event);
  }

  /**
   * Every GitHub delivery. The topic is {@code X-GitHub-Event}, plus {@code .action} when the body
   * has one ({@code pull_request.opened}); the header itself is also available.
   */
  @WebhookListener(endpoint = "github", topic = "*")
  public void onGitHub(@WebhookHeader("X-GitHub-Event") String eventName, WebhookEvent event) {
    JsonNode repository = event.data().path("repository").path("full_name");
    log.info(
        "GitHub {} (X-GitHub-Event {}, delivery {}){}",
        event.topic(),
        eventName,
        event.id(),
        repository.isTextual() ? " on " + repository.textValue() : "");
    events.record("github", event);
  }

  /** Every Stripe event: type, id, the object's id, and the previous values of an update. */
  @WebhookListener(endpoint = "stripe", topic = "*")
  public void onStripe(WebhookEvent event) {
    log.info(
        "Stripe {} (event {}): {}", event.topic(), event.id(), event.data().path("id").asText("?"));
    event
        .previousAttributes()
        .asMap()
        .forEach(
            (attribute, old) ->
                log.info("  {}: {} -> {}", attribute, old, event.data().get(attribute)));
    events.record("stripe", event);
  }

  /** Every Arta event; Arta sends no id, so the event id is the body's SHA-256. */
  @WebhookListener(endpoint = "arta", topic = "*")
  public void onArta(WebhookEvent event) {
    log.info(
        "Arta {} (resource {}, body SHA-256 {})",
        event.topic(),
        event.data().path("id").asText("?"),
        event.id());
    events.record("arta", event);
  }
}
