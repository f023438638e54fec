package dev.hookline.receiver.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The endpoint lifecycle of Lucca tenants, {@code hookline.providers.lucca.lifecycle.*} (needs
 * receiver-clients and a secret store, e.g. the JDBC vault of {@code hookline.vault.*}): each
 * tenant's Lucca instance and credentials, the endpoint created there, and the opt-in schedule of
 * reconciliation.
 *
 * <p>A {@code @Nullable} getter returns null while its setting is unset; a default named in the
 * setting's description is applied where the setting is used.
 */
public class LifecycleProperties {

  /**
   * The hookline.endpoints entry (a Lucca endpoint whose path ends in /{tenant}) whose tenants are
   * managed. Default: the only such endpoint.
   */
  private @Nullable String endpoint;

  /** The topics each tenant's endpoint subscribes to, e.g. employee.*; required with tenants. */
  private List<String> topics = new ArrayList<>();

  /** The API version of the events' data. Default: the client's, 2024-11-01. */
  private @Nullable String apiVersion;

  /** The endpoints' content type, default or cloudEvents. Default: default. */
  private @Nullable String contentType;

  /** The OAuth2 token endpoint of every tenant. Default: Lucca's. */
  private @Nullable URI tokenUrl;

  /** How far back a reconciliation replays a reactivated endpoint's deliveries. Default 3d. */
  private @Nullable Duration replayWindow;

  /**
   * The endpoint name under which the secret store keeps the tenants' OAuth2 client secrets (one
   * per tenant id), for the tenants whose client-secret is not set; no hookline.endpoints entry may
   * have this name.
   */
  private String credentialsEndpoint = "lucca-api";

  /** Each tenant by id (the path's {tenant}): its Lucca instance, credentials and webhook URL. */
  private Map<String, Tenant> tenants = new LinkedHashMap<>();

  /** A periodic reconciliation of every provisioned tenant; off by default. */
  private Schedule schedule = new Schedule();

  public @Nullable String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(@Nullable String endpoint) {
    this.endpoint = endpoint;
  }

  public List<String> getTopics() {
    return topics;
  }

  public void setTopics(List<String> topics) {
    this.topics = topics;
  }

  public @Nullable String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(@Nullable String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public @Nullable String getContentType() {
    return contentType;
  }

  public void setContentType(@Nullable String contentType) {
    this.contentType = contentType;
  }

  public @Nullable URI getTokenUrl() {
    return tokenUrl;
  }

  public void setTokenUrl(@Nullable URI tokenUrl) {
    this.tokenUrl = tokenUrl;
  }

  public @Nullable Duration getReplayWindow() {
    return replayWindow;
  }

  public void setReplayWindow(@Nullable Duration replayWindow) {
    this.replayWindow = replayWindow;
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

  public Schedule getSchedule() {
    return schedule;
  }

  public void setSchedule(Schedule schedule) {
    this.schedule = schedule;
  }

  /** One tenant's Lucca instance. */
  public static class Tenant {

    /** The tenant's Lucca instance, e.g. https://acme.ilucca.net. */
    private @Nullable URI host;

    /** The OAuth2 client id of the tenant's instance. */
    private @Nullable String clientId;

    /**
     * The OAuth2 client secret of the tenant's instance; never logged. Unset or empty: the newest
     * secret the secret store keeps for the tenant under credentials-endpoint, read when an
     * operation needs it.
     */
    private @Nullable String clientSecret;

    /**
     * The https URL Lucca posts the tenant's events to, e.g.
     * https://hooks.example.com/webhooks/lucca/acme; it also finds the endpoint again.
     */
    private @Nullable URI webhookUrl;

    public @Nullable URI getHost() {
      return host;
    }

    public void setHost(@Nullable URI host) {
      this.host = host;
    }

    public @Nullable String getClientId() {
      return clientId;
    }

    public void setClientId(@Nullable String clientId) {
      this.clientId = clientId;
    }

    public @Nullable String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(@Nullable String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public @Nullable URI getWebhookUrl() {
      return webhookUrl;
    }

    public void setWebhookUrl(@Nullable URI webhookUrl) {
      this.webhookUrl = webhookUrl;
    }
  }

  /** A periodic reconciliation of every tenant with a stored secret. */
  public static class Schedule {

    /** Whether to reconcile periodically; the first run is one interval after startup. */
    private boolean enabled;

    /** Time between the end of one run and the start of the next. */
    private Duration interval = Duration.ofHours(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }
  }
}
