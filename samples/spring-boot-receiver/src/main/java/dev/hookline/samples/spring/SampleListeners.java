package dev.hookline.samples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.spring.Previous;
import dev.hookline.receiver.spring.WebhookHeader;
import dev.hookline.receiver.spring.WebhookListener;
import dev.hookline.receiver.spring.WebhookTenant;
import java.util.Map;
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
    // The sender wrote all of this: escaped, a value cannot start a log line of its own.
    log.info(
        "Lucca {} (event {}): {} {} (employee {})",
        LogText.escape(event.topic()),
        LogText.escape(event.id()),
        LogText.escape(employee.givenName()),
        LogText.escape(employee.familyName()),
        LogText.escape(employee.id()));
    logChanges(changes, event);
    if (changes.changed("givenName") || changes.changed("familyName")) {
      log.info(
          "  renamed: {} {} -> {} {}",
          LogText.escape(changes.changed("givenName") ? before.givenName() : employee.givenName()),
          LogText.escape(
              changes.changed("familyName") ? before.familyName() : employee.familyName()),
          LogText.escape(employee.givenName()),
          LogText.escape(employee.familyName()));
    }
    events.record("lucca", event);
  }

  /**
   * Every Lucca {@code employee.*} event of a tenant at {@code /webhooks/lucca/{tenant}}: verified
   * with that tenant's secret alone, and deduplicated apart from the other tenants' events.
   */
  @WebhookListener(endpoint = "lucca-tenants", topic = "employee.*")
  public void onLuccaTenantEmployee(
      @WebhookTenant String tenant, Employee employee, WebhookEvent event) {
    log.info(
        "Lucca tenant {}: {} (event {}): {} {} (employee {})",
        tenant, // a valid tenant id: letters, digits, '.', '_' and '-' only
        LogText.escape(event.topic()),
        LogText.escape(event.id()),
        LogText.escape(employee.givenName()),
        LogText.escape(employee.familyName()),
        LogText.escape(employee.id()));
    events.record("lucca-tenants", event);
  }

  /** Every Standard Webhooks event: topic, {@code webhook-id} and data. */
  @WebhookListener(endpoint = "standard", topic = "*")
  public void onStandardWebhooks(WebhookEvent event) {
    log.info(
        "Standard Webhooks {} (webhook-id {}): {}",
        LogText.escape(event.topic()),
        LogText.escape(event.id()),
        LogText.escape(event.data()));
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
        LogText.escape(event.topic()),
        LogText.escape(eventName),
        LogText.escape(event.id()),
        repository.isTextual() ? " on " + LogText.escape(repository.textValue()) : "");
    events.record("github", event);
  }

  /** Every Stripe event: type, id, the object's id, and the previous values of an update. */
  @WebhookListener(endpoint = "stripe", topic = "*")
  public void onStripe(WebhookEvent event) {
    log.info(
        "Stripe {} (event {}): {}",
        LogText.escape(event.topic()),
        LogText.escape(event.id()),
        LogText.escape(event.data().path("id").asText("?")));
    logChanges(event.previousAttributes(), event);
    events.record("stripe", event);
  }

  /** Every Arta event; Arta sends no id, so the event id is the body's SHA-256. */
  @WebhookListener(endpoint = "arta", topic = "*")
  public void onArta(WebhookEvent event) {
    log.info(
        "Arta {} (resource {}, body SHA-256 {})",
        LogText.escape(event.topic()),
        LogText.escape(event.data().path("id").asText("?")),
        LogText.escape(event.id()));
    events.record("arta", event);
  }

  /**
   * Each changed attribute, with its value before and after: the first {@value
   * EventLog#MAX_CHANGES}, then how many more (a signed event may list any number).
   */
  private static void logChanges(PreviousAttributes changes, WebhookEvent event) {
    Map<String, JsonNode> all = changes.asMap();
    all.entrySet().stream()
        .limit(EventLog.MAX_CHANGES)
        .forEach(
            change ->
                log.info(
                    "  {}: {} -> {}",
                    LogText.escape(change.getKey()),
                    LogText.escape(change.getValue()),
                    LogText.escape(event.data().get(change.getKey()))));
    if (all.size() > EventLog.MAX_CHANGES) {
      log.info("  ... and {} more changed attributes", all.size() - EventLog.MAX_CHANGES);
    }
  }
}
