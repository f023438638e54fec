package dev.hookline.receiver.spring;

import dev.hookline.receiver.spring.HooklineProperties.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code hookline} actuator endpoint: each configured webhook endpoint with its path, provider,
 * verifier (scheme and key counts, never a secret), handlers and outcome counts since startup.
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
        .forEach(
            (name, receiver) -> {
              Endpoint settings = receivers.settings(name);
              Map<String, Object> description = new LinkedHashMap<>();
              description.put("path", settings.getPath());
              description.put(
                  "provider",
                  settings
                      .getProvider()
                      .name()
                      .toLowerCase(java.util.Locale.ROOT)
                      .replace('_', '-'));
              description.put("receiver", receiver.toString());
              description.put("challenge", receiver.challengeEnabled());
              description.put("maxBodySize", receiver.maxBodySize());
              description.put("outcomes", receivers.stats(name));
              endpoints.put(name, description);
            });
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("endpoints", endpoints);
    result.put("idempotencyStore", receivers.store().toString());
    return result;
  }
}
