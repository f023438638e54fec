package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lifecycle.ArtaLifecycle;
import dev.hookline.receiver.clients.lifecycle.ArtaTenant;
import dev.hookline.receiver.clients.lifecycle.LuccaLifecycle;
import dev.hookline.receiver.clients.lifecycle.LuccaTenant;
import dev.hookline.receiver.clients.lifecycle.TenantReport;
import dev.hookline.receiver.clients.lucca.EndpointCreation;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.SecretStore;
import dev.hookline.receiver.spring.autoconfigure.ArtaLifecycleProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.autoconfigure.LifecycleProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The endpoint lifecycles of the Lucca tenants of {@code hookline.providers.lucca.lifecycle.*} (or
 * of the application's {@link LuccaTenants} bean) and of the Arta tenants of {@code
 * hookline.providers.arta.lifecycle.*} (or of its {@link ArtaTenants} bean): a {@link
 * LuccaLifecycle} and an {@link ArtaLifecycle} over the endpoint's receiver and the application's
 * {@link SecretStore}, each built on first use (the receivers exist once every singleton is). It
 * exists when either provider has tenants. Inject it to provision, reconcile and deprovision
 * tenants in code; the {@code hooklinelifecycle} actuator endpoint and the opt-in schedules use it.
 * Thread-safe.
 *
 * <p>A tenant from properties with its API credential set (Lucca's {@code client-secret}, Arta's
 * {@code api-key}) gets its client at startup, so a bad setting fails startup. With it unset or
 * empty, the credential is read from the secret store, under the endpoint name {@code
 * credentials-endpoint} (default {@value #DEFAULT_CREDENTIALS_ENDPOINT} for Lucca, {@value
 * #DEFAULT_ARTA_CREDENTIALS_ENDPOINT} for Arta) and the tenant's id, when an operation needs it:
 * the newest one stored (store it with {@code SecretStore.add}), so a rotated credential is used
 * from the next operation on.
 */
public final class HooklineLifecycles {

  static final String SETTINGS = "hookline.providers.lucca.lifecycle";
  static final String ARTA_SETTINGS = "hookline.providers.arta.lifecycle";

  /** The secret store's endpoint name of the Lucca tenants' API client secrets, by default. */
  public static final String DEFAULT_CREDENTIALS_ENDPOINT = "lucca-api";

  /** The secret store's endpoint name of the Arta tenants' API keys, by default. */
  public static final String DEFAULT_ARTA_CREDENTIALS_ENDPOINT = "arta-api";

  private final HooklineReceivers receivers;
  private final SecretStore store;
  private final @Nullable Managed<LuccaTenant> luccaTenants;
  private final @Nullable Managed<ArtaTenant> artaTenants;
  private final LifecycleProperties luccaProperties;
  private @Nullable LuccaLifecycle lucca;
  private @Nullable ArtaLifecycle arta;

  /**
   * One provider's managed tenants.
   *
   * @param configured the tenants of the properties, or null when a bean gives them
   */
  private record Managed<T>(
      String endpoint, Function<String, Optional<T>> tenants, @Nullable Set<String> configured) {}

  private HooklineLifecycles(
      HooklineReceivers receivers,
      SecretStore store,
      @Nullable Managed<LuccaTenant> luccaTenants,
      @Nullable Managed<ArtaTenant> artaTenants,
      LifecycleProperties luccaProperties) {
    this.receivers = receivers;
    this.store = store;
    this.luccaTenants = luccaTenants;
    this.artaTenants = artaTenants;
    this.luccaProperties = luccaProperties;
  }

  /**
   * Checks the settings and builds the clients of the tenants whose credentials are configured.
   *
   * @param artaApiHost {@code hookline.providers.arta.api.host}, the default of the lifecycle's
   * @param store the secret store, or null when the application has none
   * @param luccaBean the application's Lucca tenants, or null to take them from the properties
   * @param artaBean the application's Arta tenants, or null to take them from the properties
   * @throws WebhookConfigurationException naming the setting at fault
   */
  static HooklineLifecycles create(
      LifecycleProperties lucca,
      ArtaLifecycleProperties arta,
      @Nullable URI artaApiHost,
      HooklineProperties endpoints,
      HooklineReceivers receivers,
      @Nullable SecretStore store,
      @Nullable LuccaTenants luccaBean,
      @Nullable ArtaTenants artaBean) {
    boolean hasLucca = luccaBean != null || !lucca.getTenants().isEmpty();
    boolean hasArta = artaBean != null || !arta.getTenants().isEmpty();
    SecretStore secrets = PropertyTenants.store(hasLucca ? SETTINGS : ARTA_SETTINGS, store);
    Managed<LuccaTenant> luccaTenants =
        hasLucca ? lucca(lucca, endpoints, receivers, secrets, luccaBean) : null;
    Managed<ArtaTenant> artaTenants =
        hasArta ? arta(arta, artaApiHost, endpoints, receivers, secrets, artaBean) : null;
    return new HooklineLifecycles(receivers, secrets, luccaTenants, artaTenants, lucca);
  }

  private static Managed<LuccaTenant> lucca(
      LifecycleProperties properties,
      HooklineProperties endpoints,
      HooklineReceivers receivers,
      SecretStore store,
      @Nullable LuccaTenants bean) {
    String endpoint =
        PropertyTenants.endpoint(
            SETTINGS, properties.getEndpoint(), Lucca.PROVIDER.id(), endpoints, receivers);
    if (properties.getTopics().isEmpty()) {
      throw new WebhookConfigurationException(
          SETTINGS + ".topics", SETTINGS + ".topics must name at least one topic");
    }
    if (bean != null) {
      PropertyTenants.refuseBoth(SETTINGS, properties.getTenants(), LuccaTenants.class);
      return new Managed<>(endpoint, bean::tenant, null);
    }
    String credentials =
        PropertyTenants.credentialsEndpoint(
            SETTINGS, properties.getCredentialsEndpoint(), endpoints);
    properties.getTenants().forEach(HooklineLifecycles::check);
    PropertyTenants<LifecycleProperties.Tenant, LuccaTenant> tenants =
        new PropertyTenants<>(
            SETTINGS,
            "client-secret",
            properties.getTenants(),
            LifecycleProperties.Tenant::getClientSecret,
            (id, tenant, secret) -> build(properties, id, tenant, secret),
            store,
            credentials);
    return new Managed<>(endpoint, tenants::tenant, tenants.ids());
  }

  private static Managed<ArtaTenant> arta(
      ArtaLifecycleProperties properties,
      @Nullable URI apiHost,
      HooklineProperties endpoints,
      HooklineReceivers receivers,
      SecretStore store,
      @Nullable ArtaTenants bean) {
    String endpoint =
        PropertyTenants.endpoint(
            ARTA_SETTINGS, properties.getEndpoint(), Arta.PROVIDER.id(), endpoints, receivers);
    if (bean != null) {
      PropertyTenants.refuseBoth(ARTA_SETTINGS, properties.getTenants(), ArtaTenants.class);
      return new Managed<>(endpoint, bean::tenant, null);
    }
    String credentials =
        PropertyTenants.credentialsEndpoint(
            ARTA_SETTINGS, properties.getCredentialsEndpoint(), endpoints);
    URI host = properties.getHost() != null ? properties.getHost() : apiHost;
    properties
        .getTenants()
        .forEach(
            (id, tenant) -> {
              if (tenant.getWebhookUrl() == null) {
                String prefix = ARTA_SETTINGS + ".tenants." + id;
                throw new WebhookConfigurationException(
                    prefix + ".webhook-url", prefix + ".webhook-url must be set");
              }
            });
    PropertyTenants<ArtaLifecycleProperties.Tenant, ArtaTenant> tenants =
        new PropertyTenants<>(
            ARTA_SETTINGS,
            "api-key",
            properties.getTenants(),
            ArtaLifecycleProperties.Tenant::getApiKey,
            (id, tenant, key) -> build(host, id, tenant, key),
            store,
            credentials);
    return new Managed<>(endpoint, tenants::tenant, tenants.ids());
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
    LuccaClient.Builder client =
        LuccaClient.builder()
            .apiHost(tenant.getHost())
            .clientId(tenant.getClientId())
            .clientSecret(clientSecret);
    if (properties.getTokenUrl() != null) {
      client.tokenUrl(properties.getTokenUrl());
    }
    EndpointCreation creation = EndpointCreation.of(tenant.getWebhookUrl(), properties.getTopics());
    if (properties.getApiVersion() != null) {
      creation = creation.withApiVersion(properties.getApiVersion());
    }
    if (properties.getContentType() != null) {
      creation = creation.withContentType(properties.getContentType());
    }
    return new LuccaTenant(id, client.build(), creation);
  }

  @SuppressWarnings("NullAway") // arta() found the webhook URL set
  private static ArtaTenant build(
      @Nullable URI host, String id, ArtaLifecycleProperties.Tenant tenant, String apiKey) {
    ArtaClient.Builder client = ArtaClient.builder().apiKey(apiKey);
    if (host != null) {
      client.apiHost(host);
    }
    String name = tenant.getName();
    return new ArtaTenant(
        id,
        client.build(),
        name != null && !name.isBlank() ? name : "Hookline " + id,
        tenant.getWebhookUrl());
  }

  /**
   * The Lucca lifecycle, built on first use over the endpoint's receiver.
   *
   * @throws IllegalStateException if no Lucca tenants are configured
   */
  @SuppressWarnings("NullAway") // create() checked the endpoint exists with tenants
  public synchronized LuccaLifecycle lucca() {
    Managed<LuccaTenant> managed = managed(Lucca.PROVIDER.id(), luccaTenants, SETTINGS);
    if (lucca == null) {
      WebhookReceiver receiver = receivers.receiver(managed.endpoint()).orElseThrow();
      LuccaLifecycle.Builder builder =
          LuccaLifecycle.builder(receiver, store, managed.tenants()::apply);
      if (luccaProperties.getReplayWindow() != null) {
        builder.replayWindow(luccaProperties.getReplayWindow());
      }
      lucca = builder.build();
    }
    return lucca;
  }

  /**
   * The Arta lifecycle, built on first use over the endpoint's receiver.
   *
   * @throws IllegalStateException if no Arta tenants are configured
   */
  @SuppressWarnings("NullAway") // create() checked the endpoint exists with tenants
  public synchronized ArtaLifecycle arta() {
    Managed<ArtaTenant> managed = managed(Arta.PROVIDER.id(), artaTenants, ARTA_SETTINGS);
    if (arta == null) {
      WebhookReceiver receiver = receivers.receiver(managed.endpoint()).orElseThrow();
      arta = ArtaLifecycle.of(receiver, store, managed.tenants());
    }
    return arta;
  }

  private static <T> Managed<T> managed(
      String provider, @Nullable Managed<T> managed, String settings) {
    if (managed == null) {
      throw new IllegalStateException(
          "no "
              + provider
              + " tenants are configured: set "
              + settings
              + ".tenants or declare a "
              + (provider.equals(Lucca.PROVIDER.id()) ? "LuccaTenants" : "ArtaTenants")
              + " bean");
    }
    return managed;
  }

  private @Nullable Managed<?> managed(String provider) {
    if (provider.equals(Lucca.PROVIDER.id())) {
      return luccaTenants;
    }
    return provider.equals(Arta.PROVIDER.id()) ? artaTenants : null;
  }

  /** The ids of the providers with tenants, {@code lucca} and {@code arta}, in that order. */
  public List<String> providers() {
    List<String> providers = new ArrayList<>();
    if (luccaTenants != null) {
      providers.add(Lucca.PROVIDER.id());
    }
    if (artaTenants != null) {
      providers.add(Arta.PROVIDER.id());
    }
    return List.copyOf(providers);
  }

  /**
   * The endpoint whose tenants of the provider are managed, or empty if the provider has none.
   *
   * @param provider {@code lucca} or {@code arta}
   */
  public Optional<String> endpoint(String provider) {
    return Optional.ofNullable(managed(provider)).map(Managed::endpoint);
  }

  /**
   * The ids of the provider's tenants in the properties; with a bean, those of the tenants with a
   * stored secret (the provisioned ones). Empty if the provider has no tenants.
   *
   * @param provider {@code lucca} or {@code arta}
   */
  public Set<String> tenants(String provider) {
    Managed<?> managed = managed(provider);
    if (managed == null) {
      return Set.of();
    }
    Set<String> configured = managed.configured();
    return configured != null ? configured : Set.copyOf(store.tenants(managed.endpoint()));
  }

  /** The ids of every provider's tenants; see {@link #tenants(String)}. */
  public Set<String> tenants() {
    Set<String> all = new HashSet<>();
    providers().forEach(provider -> all.addAll(tenants(provider)));
    return Set.copyOf(all);
  }

  /**
   * Whether the tenant is one the provider's lifecycle can provision: in the properties, or the
   * bean's.
   *
   * @param provider {@code lucca} or {@code arta}
   */
  public boolean knows(String provider, String tenant) {
    Managed<?> managed = managed(provider);
    if (managed == null) {
      return false;
    }
    Set<String> configured = managed.configured();
    return configured != null
        ? configured.contains(tenant)
        : managed.tenants().apply(tenant).isPresent();
  }

  /**
   * Reconciles every provider's tenants with a stored secret; see {@link
   * LuccaLifecycle#reconcileAll()} and {@link ArtaLifecycle#reconcileAll()}.
   */
  public List<TenantReport> reconcileAll() {
    List<TenantReport> reports = new ArrayList<>();
    providers().forEach(provider -> reports.addAll(reconcileAll(provider)));
    return reports;
  }

  /** Reconciles the provider's tenants with a stored secret. */
  List<TenantReport> reconcileAll(String provider) {
    return provider.equals(Lucca.PROVIDER.id()) ? lucca().reconcileAll() : arta().reconcileAll();
  }
}
