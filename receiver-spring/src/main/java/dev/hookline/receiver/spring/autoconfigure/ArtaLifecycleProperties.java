package dev.hookline.receiver.spring.autoconfigure;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The endpoint lifecycle of Arta tenants, {@code hookline.providers.arta.lifecycle.*} (needs
 * receiver-clients and a secret store, e.g. the JDBC vault of {@code hookline.vault.*}): each
 * tenant's API key and webhook, and the opt-in schedule of reconciliation.
 *
 * <p>A {@code @Nullable} getter returns null while its setting is unset; a default named in the
 * setting's description is applied where the setting is used.
 */
public class ArtaLifecycleProperties {

  /**
   * The hookline.endpoints entry (an Arta endpoint whose path ends in /{tenant}) whose tenants are
   * managed. Default: the only such endpoint.
   */
  private @Nullable String endpoint;

  /**
   * Arta's API host for every tenant. Default: hookline.providers.arta.api.host, else
   * https://api.arta.io.
   */
  private @Nullable URI host;

  /**
   * The endpoint name under which the secret store keeps the tenants' Arta API keys (one per tenant
   * id), for the tenants whose api-key is not set; no hookline.endpoints entry may have this name.
   */
  private String credentialsEndpoint = "arta-api";

  /** Each tenant by id (the path's {tenant}): its API key, webhook URL and webhook name. */
  private Map<String, Tenant> tenants = new LinkedHashMap<>();

  /** A periodic check that every provisioned tenant's webhook exists; off by default. */
  @NestedConfigurationProperty
  private LifecycleProperties.Schedule schedule = new LifecycleProperties.Schedule();

  public @Nullable String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(@Nullable String endpoint) {
    this.endpoint = endpoint;
  }

  public @Nullable URI getHost() {
    return host;
  }

  public void setHost(@Nullable URI host) {
    this.host = host;
  }

  public String getCredentialsEndpoint() {
    return credentialsEndpoint;
  }

  public void setCredentialsEndpoint(String credentialsEndpoint) {
    this.credentialsEndpoint = credentialsEndpoint;
  }

  public Map<String, Tenant> getTenants() {
    return tenants;
  }

  public void setTenants(Map<String, Tenant> tenants) {
    this.tenants = tenants;
  }

  public LifecycleProperties.Schedule getSchedule() {
    return schedule;
  }

  public void setSchedule(LifecycleProperties.Schedule schedule) {
    this.schedule = schedule;
  }

  /** One tenant's Arta account. */
  public static class Tenant {

    /**
     * The tenant's Arta API key; never logged. Unset or empty: the newest secret the secret store
     * keeps for the tenant under credentials-endpoint, read when an operation needs it.
     */
    private @Nullable String apiKey;

    /**
     * The https URL Arta posts the tenant's events to, e.g.
     * https://hooks.example.com/webhooks/arta/acme; it also finds the webhook again.
     */
    private @Nullable URI webhookUrl;

    /** The webhook's display name at Arta. Default: "Hookline <tenant id>". */
    private @Nullable String name;

    public @Nullable String getApiKey() {
      return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
    }

    public @Nullable URI getWebhookUrl() {
      return webhookUrl;
    }

    public void setWebhookUrl(@Nullable URI webhookUrl) {
      this.webhookUrl = webhookUrl;
    }

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }
  }
}
