package dev.hookline.receiver.spring.observability;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code hookline} actuator endpoint: each configured webhook endpoint with its path, provider
 * id, verifier (scheme and key counts, never a secret), handlers and outcome counts since startup.
 */
@org.springframework.boot.actuate.endpoint.annotation.Endpoint(id = "hookline")
public class HooklineEndpoint {

  private final HooklineReceivers receivers;

  HooklineEndpoint(HooklineReceivers receivers) {
    this.receivers = receivers;
  }

  /** Describes every endpoint. */
  @ReadOperation
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    receivers
        .receivers()
        .forEach((name, receiver) -> endpoints.put(name, describe(name, receiver)));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("endpoints", endpoints);
    result.put("idempotencyStore", receivers.store().toString());
    return result;
  }

  /** Describes one endpoint, with the dead messages of an asynchronous one (at most 100). */
  @ReadOperation
  public Map<String, Object> endpoint(@Selector String name) {
    WebhookReceiver receiver = receivers.receiver(name).orElse(null);
    if (receiver == null) {
      return Map.of("error", "no endpoint named " + name);
    }
    Map<String, Object> description = describe(name, receiver);
    receivers
        .inboxAdmin(name)
        .ifPresent(
            inbox ->
                description.put(
                    "dead",
                    inbox.deadMessages(100).stream()
                        .map(
                            message -> {
                              Map<String, Object> dead = new LinkedHashMap<>();
                              dead.put("key", message.key());
                              dead.put("topic", message.topic());
                              dead.put("attempts", message.attempts());
                              dead.put("lastError", message.lastError().orElse(""));
                              return dead;
                            })
                        .toList()));
    return description;
  }

  /** Makes a dead message of an asynchronous endpoint due again. */
  @WriteOperation
  public Map<String, Object> requeue(@Selector String name, String key) {
    boolean requeued = receivers.inboxAdmin(name).map(inbox -> inbox.requeue(key)).orElse(false);
    return Map.of("requeued", requeued);
  }

  @SuppressWarnings("NullAway") // name is a configured endpoint's, which has settings
  private Map<String, Object> describe(String name, WebhookReceiver receiver) {
    EndpointProperties settings = receivers.settings(name);
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("path", settings.getPath());
    description.put("provider", receivers.provider(name).orElseThrow());
    description.put("mode", settings.getMode().name().toLowerCase(Locale.ROOT));
    description.put("receiver", receiver.toString());
    description.put("challenge", receiver.challengeEnabled());
    description.put("maxBodySize", receiver.maxBodySize());
    description.put("outcomes", receivers.stats(name));
    receivers
        .inboxAdmin(name)
        .ifPresent(
            inbox -> {
              description.put("backlog", inbox.backlog());
              description.put("deadCount", inbox.deadCount());
            });
    return description;
  }
}
