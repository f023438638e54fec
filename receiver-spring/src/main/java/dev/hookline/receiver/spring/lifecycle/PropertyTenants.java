package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.signature.SecretStore;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The tenants of one provider's {@code hookline.providers.<provider>.lifecycle.tenants}, shared by
 * every provider: a tenant whose API credential is configured is built at startup (so a bad setting
 * fails startup); the others are built from the newest credential the secret store keeps under the
 * credentials endpoint and the tenant id, when an operation asks, and built again when it changes.
 * Also the settings' checks every provider makes: a store, the managed endpoint, the credentials
 * endpoint. Thread-safe.
 *
 * @param <S> a tenant's settings
 * @param <T> a tenant, as the provider's lifecycle takes it
 */
final class PropertyTenants<S, T> {

  /** Builds a tenant from its settings and API credential. */
  @FunctionalInterface
  interface Factory<S, T> {
    /**
     * @throws IllegalArgumentException or {@link WebhookConfigurationException} if a setting is bad
     */
    T build(String id, S settings, String credential);
  }

  private final String settings;
  private final String credentialName;
  private final Factory<S, T> factory;
  private final Map<String, T> built;
  private final Map<String, S> fromStore;
  private final SecretStore store;
  private final String credentialsEndpoint;
  private final Map<String, Map.Entry<String, T>> byStoredSecret = new ConcurrentHashMap<>();

  /**
   * Builds the tenants whose credential is configured.
   *
   * @param settings the provider's lifecycle prefix, e.g. {@code
   *     hookline.providers.lucca.lifecycle}
   * @param credentialName the tenant setting holding the credential, e.g. {@code client-secret}
   * @param credential a tenant's configured credential, null or empty when unset
   * @throws WebhookConfigurationException naming the tenant's setting at fault
   */
  PropertyTenants(
      String settings,
      String credentialName,
      Map<String, S> tenants,
      Function<S, @Nullable String> credential,
      Factory<S, T> factory,
      SecretStore store,
      String credentialsEndpoint) {
    this.settings = settings;
    this.credentialName = credentialName;
    this.factory = factory;
    this.store = store;
    this.credentialsEndpoint = credentialsEndpoint;
    Map<String, T> configured = new LinkedHashMap<>();
    Map<String, S> stored = new LinkedHashMap<>();
    tenants.forEach(
        (id, tenant) -> {
          String value = credential.apply(tenant);
          if (value != null && !value.isEmpty()) {
            configured.put(id, build(id, tenant, value));
          } else {
            stored.put(id, tenant);
          }
        });
    this.built = Map.copyOf(configured);
    this.fromStore = Map.copyOf(stored);
  }

  /** The ids of the configured tenants. */
  Set<String> ids() {
    Set<String> ids = new HashSet<>(built.keySet());
    ids.addAll(fromStore.keySet());
    return Set.copyOf(ids);
  }

  /**
   * The tenant, or empty if it is not configured.
   *
   * @throws IllegalStateException if its credential is neither configured nor stored
   */
  Optional<T> tenant(String id) {
    T tenant = built.get(id);
    if (tenant != null) {
      return Optional.of(tenant);
    }
    S tenantSettings = fromStore.get(id);
    if (tenantSettings == null) {
      return Optional.empty();
    }
    List<String> secrets = store.secrets(credentialsEndpoint, id);
    if (secrets.isEmpty()) {
      throw new IllegalStateException(
          "tenant "
              + id
              + " has no "
              + credentialName.replace('-', ' ')
              + ": set "
              + settings
              + ".tenants."
              + id
              + "."
              + credentialName
              + ", or store it in the secret store under the endpoint name \""
              + credentialsEndpoint
              + "\"");
    }
    String secret = secrets.get(secrets.size() - 1);
    Map.Entry<String, T> kept =
        byStoredSecret.compute(
            id,
            (key, current) ->
                current != null && current.getKey().equals(secret)
                    ? current
                    : Map.entry(secret, build(id, tenantSettings, secret)));
    return Optional.of(kept.getValue());
  }

  private T build(String id, S tenant, String credential) {
    String prefix = settings + ".tenants." + id;
    try {
      return factory.build(id, tenant, credential);
    } catch (IllegalArgumentException | WebhookConfigurationException e) {
      throw new WebhookConfigurationException(prefix, prefix + ": " + e.getMessage(), e);
    }
  }

  /**
   * The store, which the lifecycle needs.
   *
   * @throws WebhookConfigurationException naming {@code <settings>.tenants} if there is none
   */
  static SecretStore store(String settings, @Nullable SecretStore store) {
    if (store == null) {
      throw new WebhookConfigurationException(
          settings + ".tenants",
          settings
              + ".tenants needs a SecretStore: set hookline.vault.current-key (with receiver-jdbc"
              + " and a DataSource) or declare a SecretStore bean");
    }
    return store;
  }

  /**
   * Refuses tenants named both in the properties and by the application's bean.
   *
   * @throws WebhookConfigurationException naming {@code <settings>.tenants} if the properties name
   *     any
   */
  static void refuseBoth(String settings, Map<String, ?> tenants, Class<?> bean) {
    if (!tenants.isEmpty()) {
      String name = bean.getSimpleName();
      throw new WebhookConfigurationException(
          settings + ".tenants",
          settings
              + ".tenants and "
              + withArticle(name)
              + " bean both name tenants: keep one of the two");
    }
  }

  /**
   * The secret store's endpoint name of the API credentials: not a webhook endpoint's name, or its
   * secrets would verify that endpoint's requests.
   *
   * @throws WebhookConfigurationException naming {@code <settings>.credentials-endpoint}
   */
  static String credentialsEndpoint(String settings, String name, HooklineProperties endpoints) {
    if (name.isBlank() || endpoints.getEndpoints().containsKey(name)) {
      throw new WebhookConfigurationException(
          settings + ".credentials-endpoint",
          settings
              + ".credentials-endpoint must be a name no hookline.endpoints entry has (the"
              + " secrets under it are API credentials, not webhook secrets), but was \""
              + name
              + "\"");
    }
    return name;
  }

  /**
   * The configured endpoint, or the only endpoint of the provider with tenants.
   *
   * @throws WebhookConfigurationException naming {@code <settings>.endpoint}
   */
  static String endpoint(
      String settings,
      @Nullable String configured,
      String provider,
      HooklineProperties endpoints,
      HooklineReceivers receivers) {
    if (configured != null) {
      if (!receivers.hasTenants(configured)
          || !receivers.provider(configured).orElse("").equals(provider)) {
        throw new WebhookConfigurationException(
            settings + ".endpoint",
            settings
                + ".endpoint must name "
                + withArticle(provider)
                + " endpoint whose path ends in /{tenant}, but was "
                + configured);
      }
      return configured;
    }
    List<String> candidates =
        endpoints.getEndpoints().keySet().stream()
            .filter(receivers::hasTenants)
            .filter(name -> receivers.provider(name).orElse("").equals(provider))
            .toList();
    if (candidates.size() != 1) {
      throw new WebhookConfigurationException(
          settings + ".endpoint",
          settings
              + ".endpoint must be set: the "
              + provider
              + " endpoints whose path ends in /{tenant} are "
              + candidates);
    }
    return candidates.get(0);
  }

  /** The word after "a", or "an" before a vowel: "a lucca", "an arta". */
  private static String withArticle(String word) {
    return ("aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }
}
