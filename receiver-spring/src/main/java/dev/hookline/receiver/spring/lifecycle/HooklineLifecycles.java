package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.lifecycle.LuccaLifecycle;
import dev.hookline.receiver.clients.lifecycle.LuccaTenant;
import dev.hookline.receiver.clients.lifecycle.TenantReport;
import dev.hookline.receiver.clients.lucca.EndpointCreation;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.SecretStore;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.autoconfigure.LifecycleProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Lucca endpoint lifecycle of the tenants in {@code hookline.providers.lucca.lifecycle.*}: one
 * {@link LuccaClient} per tenant built at startup (so a bad setting fails it), and a {@link
 * LuccaLifecycle} over the endpoint's receiver and the application's {@link SecretStore}, built on
 * first use (the receivers exist once every singleton is). Inject it to provision, reconcile and
 * deprovision tenants in code; the {@code hooklinelifecycle} actuator endpoint and the opt-in
 * schedule use it. Thread-safe.
 */
public final class HooklineLifecycles {

  static final String SETTINGS = "hookline.providers.lucca.lifecycle";

  private final HooklineReceivers receivers;
  private final SecretStore store;
  private final String endpoint;
  private final Map<String, LuccaTenant> tenants;
  private final LifecycleProperties properties;
  private @Nullable LuccaLifecycle lifecycle;

  private HooklineLifecycles(
      HooklineReceivers receivers,
      SecretStore store,
      String endpoint,
      Map<String, LuccaTenant> tenants,
      LifecycleProperties properties) {
    this.receivers = receivers;
    this.store = store;
    this.endpoint = endpoint;
    this.tenants = tenants;
    this.properties = properties;
  }

  /**
   * Checks the settings and builds each tenant's client.
   *
   * @param store the secret store, or null when the application has none
   * @throws WebhookConfigurationException naming the setting at fault
   */
  static HooklineLifecycles create(
      LifecycleProperties properties,
      HooklineProperties endpoints,
      HooklineReceivers receivers,
      @Nullable SecretStore store) {
    if (store == null) {
      throw new WebhookConfigurationException(
          SETTINGS + ".tenants",
          SETTINGS
              + ".tenants needs a SecretStore: set hookline.vault.current-key (with receiver-jdbc"
              + " and a DataSource) or declare a SecretStore bean");
    }
    String endpoint = endpoint(properties, endpoints, receivers);
    if (properties.getTopics().isEmpty()) {
      throw new WebhookConfigurationException(
          SETTINGS + ".topics", SETTINGS + ".topics must name at least one topic");
    }
    Map<String, LuccaTenant> tenants = new LinkedHashMap<>();
    properties
        .getTenants()
        .forEach((id, tenant) -> tenants.put(id, tenant(properties, id, tenant)));
    return new HooklineLifecycles(receivers, store, endpoint, Map.copyOf(tenants), properties);
  }

  /** The configured endpoint, or the only Lucca endpoint with tenants. */
  private static String endpoint(
      LifecycleProperties properties, HooklineProperties endpoints, HooklineReceivers receivers) {
    String configured = properties.getEndpoint();
    if (configured != null) {
      if (!receivers.hasTenants(configured)
          || !receivers.provider(configured).orElse("").equals(Lucca.PROVIDER.id())) {
        throw new WebhookConfigurationException(
            SETTINGS + ".endpoint",
            SETTINGS
                + ".endpoint must name a lucca endpoint whose path ends in /{tenant}, but was "
                + configured);
      }
      return configured;
    }
    List<String> candidates =
        endpoints.getEndpoints().keySet().stream()
            .filter(receivers::hasTenants)
            .filter(name -> receivers.provider(name).orElse("").equals(Lucca.PROVIDER.id()))
            .toList();
    if (candidates.size() != 1) {
      throw new WebhookConfigurationException(
          SETTINGS + ".endpoint",
          SETTINGS
              + ".endpoint must be set: the lucca endpoints whose path ends in /{tenant} are "
              + candidates);
    }
    return candidates.get(0);
  }

  private static LuccaTenant tenant(
      LifecycleProperties properties, String id, LifecycleProperties.Tenant tenant) {
    String prefix = SETTINGS + ".tenants." + id;
    if (tenant.getHost() == null
        || tenant.getClientId() == null
        || tenant.getClientSecret() == null
        || tenant.getWebhookUrl() == null) {
      throw new WebhookConfigurationException(
          prefix, prefix + ": host, client-id, client-secret and webhook-url must be set");
    }
    try {
      LuccaClient.Builder client =
          LuccaClient.builder()
              .apiHost(tenant.getHost())
              .clientId(tenant.getClientId())
              .clientSecret(tenant.getClientSecret());
      if (properties.getTokenUrl() != null) {
        client.tokenUrl(properties.getTokenUrl());
      }
      EndpointCreation creation =
          EndpointCreation.of(tenant.getWebhookUrl(), properties.getTopics());
      if (properties.getApiVersion() != null) {
        creation = creation.withApiVersion(properties.getApiVersion());
      }
      if (properties.getContentType() != null) {
        creation = creation.withContentType(properties.getContentType());
      }
      return new LuccaTenant(id, client.build(), creation);
    } catch (IllegalArgumentException | WebhookConfigurationException e) {
      throw new WebhookConfigurationException(prefix, prefix + ": " + e.getMessage(), e);
    }
  }

  /** The lifecycle, built on first use over the endpoint's receiver. */
  @SuppressWarnings("NullAway") // create() checked the endpoint exists with tenants
  public synchronized LuccaLifecycle lucca() {
    if (lifecycle == null) {
      WebhookReceiver receiver = receivers.receiver(endpoint).orElseThrow();
      LuccaLifecycle.Builder builder =
          LuccaLifecycle.builder(receiver, store, id -> Optional.ofNullable(tenants.get(id)));
      if (properties.getReplayWindow() != null) {
        builder.replayWindow(properties.getReplayWindow());
      }
      lifecycle = builder.build();
    }
    return lifecycle;
  }

  /** The endpoint whose tenants are managed. */
  public String endpoint() {
    return endpoint;
  }

  /** The configured tenants' ids. */
  public Set<String> tenants() {
    return tenants.keySet();
  }

  /** Reconciles every tenant with a stored secret; see {@link LuccaLifecycle#reconcileAll()}. */
  public List<TenantReport> reconcileAll() {
    return lucca().reconcileAll();
  }
}
