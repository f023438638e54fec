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
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The Lucca endpoint lifecycle of the tenants in {@code hookline.providers.lucca.lifecycle.*}, or
 * of the application's {@link LuccaTenants} bean: a {@link LuccaLifecycle} over the endpoint's
 * receiver and the application's {@link SecretStore}, built on first use (the receivers exist once
 * every singleton is). Inject it to provision, reconcile and deprovision tenants in code; the
 * {@code hooklinelifecycle} actuator endpoint and the opt-in schedule use it. Thread-safe.
 *
 * <p>A tenant from properties with its {@code client-secret} set gets its client at startup, so a
 * bad setting fails startup. With {@code client-secret} unset or empty, the tenant's OAuth2 client
 * secret is read from the secret store, under the endpoint name {@code credentials-endpoint}
 * (default {@value #DEFAULT_CREDENTIALS_ENDPOINT}) and the tenant's id, when an operation needs it:
 * the newest one stored (store it with {@code SecretStore.add}), so a rotated credential is used
 * from the next operation on.
 */
public final class HooklineLifecycles {

  static final String SETTINGS = "hookline.providers.lucca.lifecycle";

  /** The secret store's endpoint name of the tenants' API client secrets, by default. */
  public static final String DEFAULT_CREDENTIALS_ENDPOINT = "lucca-api";

  private final HooklineReceivers receivers;
  private final SecretStore store;
  private final String endpoint;
  private final LuccaTenants tenants;
  private final @Nullable Set<String> configured;
  private final LifecycleProperties properties;
  private @Nullable LuccaLifecycle lifecycle;

  private HooklineLifecycles(
      HooklineReceivers receivers,
      SecretStore store,
      String endpoint,
      LuccaTenants tenants,
      @Nullable Set<String> configured,
      LifecycleProperties properties) {
    this.receivers = receivers;
    this.store = store;
    this.endpoint = endpoint;
    this.tenants = tenants;
    this.configured = configured;
    this.properties = properties;
  }

  /**
   * Checks the settings and builds the clients of the tenants whose credentials are configured.
   *
   * @param store the secret store, or null when the application has none
   * @param bean the application's tenants, or null to take them from the properties
   * @throws WebhookConfigurationException naming the setting at fault
   */
  static HooklineLifecycles create(
      LifecycleProperties properties,
      HooklineProperties endpoints,
      HooklineReceivers receivers,
      @Nullable SecretStore store,
      @Nullable LuccaTenants bean) {
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
    if (bean != null) {
      if (!properties.getTenants().isEmpty()) {
        throw new WebhookConfigurationException(
            SETTINGS + ".tenants",
            SETTINGS + ".tenants and a LuccaTenants bean both name tenants: keep one of the two");
      }
      return new HooklineLifecycles(receivers, store, endpoint, bean, null, properties);
    }
    String credentials = credentialsEndpoint(properties, endpoints);
    Map<String, LuccaTenant> built = new LinkedHashMap<>();
    Map<String, LifecycleProperties.Tenant> fromStore = new LinkedHashMap<>();
    properties
        .getTenants()
        .forEach(
            (id, tenant) -> {
              check(id, tenant);
              String clientSecret = tenant.getClientSecret();
              if (clientSecret != null && !clientSecret.isEmpty()) {
                built.put(id, build(properties, id, tenant, clientSecret));
              } else {
                fromStore.put(id, tenant);
              }
            });
    LuccaTenants configured =
        new PropertyTenants(
            properties, Map.copyOf(built), Map.copyOf(fromStore), store, credentials);
    return new HooklineLifecycles(
        receivers,
        store,
        endpoint,
        configured,
        Set.copyOf(properties.getTenants().keySet()),
        properties);
  }

  /**
   * The secret store's endpoint name of the API client secrets: not a webhook endpoint's name, or
   * its secrets would verify that endpoint's requests.
   */
  private static String credentialsEndpoint(
      LifecycleProperties properties, HooklineProperties endpoints) {
    String name = properties.getCredentialsEndpoint();
    if (name.isBlank() || endpoints.getEndpoints().containsKey(name)) {
      throw new WebhookConfigurationException(
          SETTINGS + ".credentials-endpoint",
          SETTINGS
              + ".credentials-endpoint must be a name no hookline.endpoints entry has (the"
              + " secrets under it are API credentials, not webhook secrets), but was \""
              + name
              + "\"");
    }
    return name;
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

  private static void check(String id, LifecycleProperties.Tenant tenant) {
    if (tenant.getHost() == null
        || tenant.getClientId() == null
        || tenant.getWebhookUrl() == null) {
      String prefix = SETTINGS + ".tenants." + id;
      throw new WebhookConfigurationException(
          prefix, prefix + ": host, client-id and webhook-url must be set");
    }
  }

  @SuppressWarnings("NullAway") // check() found host, client id and webhook URL set
  private static LuccaTenant build(
      LifecycleProperties properties,
      String id,
      LifecycleProperties.Tenant tenant,
      String clientSecret) {
    String prefix = SETTINGS + ".tenants." + id;
    try {
      LuccaClient.Builder client =
          LuccaClient.builder()
              .apiHost(tenant.getHost())
              .clientId(tenant.getClientId())
              .clientSecret(clientSecret);
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

  /**
   * The tenants of the properties: those with a configured client secret built at startup, the
   * others built from the newest client secret in the store, again when it changes.
   */
  private static final class PropertyTenants implements LuccaTenants {
    private final LifecycleProperties properties;
    private final Map<String, LuccaTenant> built;
    private final Map<String, LifecycleProperties.Tenant> fromStore;
    private final SecretStore store;
    private final String credentialsEndpoint;
    private final Map<String, Map.Entry<String, LuccaTenant>> byStoredSecret =
        new ConcurrentHashMap<>();

    PropertyTenants(
        LifecycleProperties properties,
        Map<String, LuccaTenant> built,
        Map<String, LifecycleProperties.Tenant> fromStore,
        SecretStore store,
        String credentialsEndpoint) {
      this.properties = properties;
      this.built = built;
      this.fromStore = fromStore;
      this.store = store;
      this.credentialsEndpoint = credentialsEndpoint;
    }

    @Override
    public Optional<LuccaTenant> tenant(String id) {
      LuccaTenant tenant = built.get(id);
      if (tenant != null) {
        return Optional.of(tenant);
      }
      LifecycleProperties.Tenant settings = fromStore.get(id);
      if (settings == null) {
        return Optional.empty();
      }
      List<String> secrets = store.secrets(credentialsEndpoint, id);
      if (secrets.isEmpty()) {
        throw new IllegalStateException(
            "tenant "
                + id
                + " has no client secret: set "
                + SETTINGS
                + ".tenants."
                + id
                + ".client-secret, or store it in the secret store under the endpoint name \""
                + credentialsEndpoint
                + "\"");
      }
      String secret = secrets.get(secrets.size() - 1);
      Map.Entry<String, LuccaTenant> kept =
          byStoredSecret.compute(
              id,
              (key, current) ->
                  current != null && current.getKey().equals(secret)
                      ? current
                      : Map.entry(secret, build(properties, id, settings, secret)));
      return Optional.of(kept.getValue());
    }
  }

  /** The lifecycle, built on first use over the endpoint's receiver. */
  @SuppressWarnings("NullAway") // create() checked the endpoint exists with tenants
  public synchronized LuccaLifecycle lucca() {
    if (lifecycle == null) {
      WebhookReceiver receiver = receivers.receiver(endpoint).orElseThrow();
      LuccaLifecycle.Builder builder = LuccaLifecycle.builder(receiver, store, tenants::tenant);
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

  /**
   * The ids of the tenants in the properties; with a {@link LuccaTenants} bean, those of the
   * tenants with a stored secret (the provisioned ones).
   */
  public Set<String> tenants() {
    return configured != null ? configured : Set.copyOf(store.tenants(endpoint));
  }

  /** Whether the tenant is one the lifecycle can provision: in the properties, or the bean's. */
  public boolean knows(String tenant) {
    return configured != null ? configured.contains(tenant) : tenants.tenant(tenant).isPresent();
  }

  /** Reconciles every tenant with a stored secret; see {@link LuccaLifecycle#reconcileAll()}. */
  public List<TenantReport> reconcileAll() {
    return lucca().reconcileAll();
  }
}
