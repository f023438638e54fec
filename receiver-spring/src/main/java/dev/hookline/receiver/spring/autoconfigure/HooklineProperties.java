package dev.hookline.receiver.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Hookline's webhook endpoints, {@code hookline.endpoints.<name>}, and where their providers come
 * from, {@code hookline.install-plugins}. The other settings each have a class per prefix: {@link
 * IdempotencyProperties}, {@link InboxProperties}, {@link LuccaProperties} and {@link
 * ArtaProperties}.
 */
@ConfigurationProperties(prefix = "hookline")
public class HooklineProperties {

  /** Webhook endpoints by name; the name is what {@code @WebhookListener(endpoint)} refers to. */
  private Map<String, EndpointProperties> endpoints = new LinkedHashMap<>();

  /**
   * Whether the provider registry also takes the providers of every ProviderPlugin listed in
   * META-INF/services/dev.hookline.receiver.provider.ProviderPlugin on the application's class
   * path. Default false: a jar adds no provider unless asked.
   */
  private boolean installPlugins;

  public Map<String, EndpointProperties> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(Map<String, EndpointProperties> endpoints) {
    this.endpoints = endpoints;
  }

  public boolean isInstallPlugins() {
    return installPlugins;
  }

  public void setInstallPlugins(boolean installPlugins) {
    this.installPlugins = installPlugins;
  }
}
