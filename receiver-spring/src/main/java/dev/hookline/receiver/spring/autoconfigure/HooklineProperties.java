package dev.hookline.receiver.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Hookline's webhook endpoints, {@code hookline.endpoints.<name>}. The other settings each have a
 * class per prefix: {@link IdempotencyProperties}, {@link InboxProperties}, {@link LuccaProperties}
 * and {@link ArtaProperties}.
 */
@ConfigurationProperties(prefix = "hookline")
public class HooklineProperties {

  /** Webhook endpoints by name; the name is what {@code @WebhookListener(endpoint)} refers to. */
  private Map<String, EndpointProperties> endpoints = new LinkedHashMap<>();

  public Map<String, EndpointProperties> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(Map<String, EndpointProperties> endpoints) {
    this.endpoints = endpoints;
  }
}
