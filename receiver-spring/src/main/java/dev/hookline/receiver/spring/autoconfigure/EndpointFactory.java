package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.event.OrderingKey;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.registry.ProviderRegistry;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties.Verifier;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties.VerifierType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code hookline.endpoints.*} into receiver builders: the provider found in the registry by
 * id, its scheme given the endpoint's tolerance, public keys and secrets (or, for a path naming the
 * tenant, each tenant's secrets), and the endpoint's overrides. Nothing here knows a provider but
 * GitHub, for its {@code legacy-sha1} flag. Every error names its property.
 */
final class EndpointFactory {

  /**
   * The provider value of an endpoint with a generic verifier and JSON reader ({@code verifier.*},
   * {@code reader.*}); never looked up in the registry.
   */
  static final String CUSTOM = "custom";

  /** The last segment of a path that names the tenant. */
  static final String TENANT_SEGMENT = "/{tenant}";

  private EndpointFactory() {}

  /** Checks paths: set, absolute, and each used once. */
  @SuppressWarnings("NullAway") // other names an endpoint whose path was found set before
  static void checkPaths(Map<String, EndpointProperties> endpoints) {
    Map<String, String> byPath = new HashMap<>();
    endpoints.forEach(
        (name, endpoint) -> {
          String path = endpoint.getPath();
          if (path == null || !path.startsWith("/")) {
            throw invalid(
                property(name, "path"),
                "must be set to a path starting with \"/\", but was "
                    + (path == null ? "unset" : "\"" + path + "\""));
          }
          // The filter answers a path with or without one trailing slash: compare them so.
          String key =
              path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
          String other = byPath.putIfAbsent(key, name);
          if (other != null) {
            String otherPath = endpoints.get(other).getPath();
            throw new WebhookConfigurationException(
                property(name, "path"),
                property(other, "path")
                    + " and "
                    + property(name, "path")
                    + (otherPath.equals(path)
                        ? " are both \"" + path + "\""
                        : " are \""
                            + otherPath
                            + "\" and \""
                            + path
                            + "\", which the filter answers alike")
                    + "; each endpoint needs its own path");
          }
        });
  }

  /**
   * Refuses a secret that two endpoints of one provider share, in {@code secrets} or a tenant's: no
   * provider signs the URL, so a delivery signed for one endpoint would verify at the other and run
   * its handlers there too, under that endpoint's keys. Tenants of one endpoint are checked where
   * their secrets are read.
   *
   * @throws WebhookConfigurationException naming the second endpoint's secrets, never a secret
   */
  static void checkSecrets(Map<String, EndpointProperties> endpoints, ProviderRegistry registry) {
    Map<List<String>, String> owners = new HashMap<>();
    endpoints.forEach(
        (name, endpoint) -> {
          String provider = providerId(name, endpoint, registry);
          List<String> secrets = new ArrayList<>(endpoint.getSecrets());
          endpoint.getTenants().values().forEach(tenant -> secrets.addAll(tenant.getSecrets()));
          for (String secret : secrets) {
            String other = owners.putIfAbsent(List.of(provider, secret), name);
            if (other != null && !other.equals(name)) {
              throw invalid(
                  property(name, endpoint.getSecrets().contains(secret) ? "secrets" : "tenants"),
                  "share a secret with hookline.endpoints."
                      + other
                      + ", of the same provider ("
                      + provider
                      + "): no provider signs the URL, so a delivery signed for one endpoint"
                      + " would verify at the other and run its handlers there too; give each"
                      + " endpoint its own secrets");
            }
          }
        });
  }

  /**
   * The endpoint's provider from the registry, or empty for {@value #CUSTOM}. The value is an id or
   * alias in any case, and {@code _} may stand for {@code -} ({@code STANDARD_WEBHOOKS}), as the
   * enum this property once was accepted.
   *
   * @throws WebhookConfigurationException naming {@code provider} if it is unset or unknown
   */
  static Optional<Provider> provider(
      String name, EndpointProperties endpoint, ProviderRegistry registry) {
    String value = endpoint.getProvider() == null ? "" : endpoint.getProvider().trim();
    if (value.isEmpty()) {
      throw invalid(
          property(name, "provider"),
          "must be set (" + String.join(", ", registry.ids()) + " or " + CUSTOM + ")");
    }
    if (value.equalsIgnoreCase(CUSTOM)) {
      return Optional.empty();
    }
    Optional<Provider> provider =
        registry.find(value).or(() -> registry.find(value.replace('_', '-')));
    if (provider.isEmpty()) {
      throw invalid(
          property(name, "provider"),
          "names an unknown provider \""
              + value
              + "\"; known: "
              + String.join(", ", registry.ids())
              + ", "
              + CUSTOM);
    }
    return provider;
  }

  /** The id of the endpoint's provider, or {@value #CUSTOM}; see {@link #provider}. */
  static String providerId(String name, EndpointProperties endpoint, ProviderRegistry registry) {
    return id(provider(name, endpoint, registry));
  }

  private static String id(Optional<Provider> provider) {
    return provider.map(Provider::id).orElse(CUSTOM);
  }

  /** Whether the endpoint's path names the tenant: it ends in {@code /{tenant}}. */
  static boolean namesTenant(EndpointProperties endpoint) {
    String path = endpoint.getPath();
    return path != null && (path.endsWith(TENANT_SEGMENT) || path.endsWith(TENANT_SEGMENT + "/"));
  }

  /**
   * A receiver builder for the endpoint, without handlers yet: the provider's reader, framings,
   * challenge and retry statuses with a verifier from its scheme, or a custom endpoint's JSON
   * reader and verifier; for a path naming the tenant, the scheme with each tenant's secrets; then
   * the endpoint's own settings.
   *
   * @param secretSource the application's {@link SecretSource} bean, or null; used for a path
   *     naming the tenant without {@code tenants.*}
   */
  static WebhookReceiver.Builder builder(
      String name,
      EndpointProperties endpoint,
      ProviderRegistry registry,
      Supplier<@Nullable SecretSource> secretSource) {
    Optional<Provider> provider = provider(name, endpoint, registry);
    String id = id(provider);
    if (endpoint.isLegacySha1() && !id.equals(GitHub.PROVIDER.id())) {
      throw invalid(
          property(name, "legacy-sha1"),
          "applies to " + GitHub.PROVIDER.id() + " endpoints only, not " + id);
    }
    WebhookReceiver.Builder builder =
        provider
            .map(known -> WebhookReceiver.builder().provider(known))
            .orElseGet(() -> WebhookReceiver.builder().reader(customReader(name, endpoint)));
    if (namesTenant(endpoint)) {
      builder.verifier(
          namingEndpoint(name, () -> tenantScheme(name, endpoint, provider)),
          tenantSecrets(name, endpoint, secretSource));
    } else if (!endpoint.getTenants().isEmpty()) {
      throw invalid(
          property(name, "tenants"),
          "needs a path ending in "
              + TENANT_SEGMENT
              + ", but "
              + property(name, "path")
              + " is \""
              + endpoint.getPath()
              + "\"");
    } else {
      builder.verifier(
          provider
              .map(known -> verifier(name, endpoint, known))
              .orElseGet(() -> namingEndpoint(name, () -> chosen(name, endpoint, CUSTOM))));
    }
    builder.endpoint(name);
    if (endpoint.getFramings() != null) {
      builder.framings(endpoint.getFramings());
    }
    if (endpoint.getOrderingKey() != null) {
      builder.orderingKey(orderingKey(name, endpoint.getOrderingKey()));
    }
    if (endpoint.getChallenge() != null) {
      builder.challenge(endpoint.getChallenge());
    }
    if (endpoint.getTrustUnsignedHeaders() != null) {
      builder.trustUnsignedHeaders(endpoint.getTrustUnsignedHeaders());
    }
    if (endpoint.getMaxBodySize() != null) {
      long bytes = endpoint.getMaxBodySize().toBytes();
      if (bytes < 1 || bytes > Integer.MAX_VALUE) {
        throw invalid(
            property(name, "max-body-size"),
            "must be between 1B and 2GB, but was " + endpoint.getMaxBodySize());
      }
      builder.maxBodySize((int) bytes);
    }
    return builder;
  }

  /** The endpoint's own ordering rule: JSON pointers into the data, or none. */
  private static OrderingKey orderingKey(String name, List<String> pointers) {
    if (pointers.equals(List.of("none"))) {
      return OrderingKey.NONE;
    }
    try {
      return OrderingKey.dataFields(pointers.toArray(String[]::new));
    } catch (WebhookConfigurationException e) {
      throw invalid(
          property(name, "ordering-key"),
          "must be none or JSON pointers into the data, each starting with /, but was " + pointers);
    }
  }

  /** A custom endpoint's JSON reader of the configured fields. */
  private static JsonEventReader customReader(String name, EndpointProperties endpoint) {
    return JsonEventReader.of(
        name,
        endpoint.getReader().getTopicField(),
        endpoint.getReader().getIdField(),
        endpoint.getReader().getDataField());
  }

  /**
   * The scheme of a path naming the tenant: the provider's, or a custom {@code verifier.*} HMAC
   * scheme, with the endpoint's tolerance; every key comes from the tenants' secrets.
   */
  private static SignatureScheme tenantScheme(
      String name, EndpointProperties endpoint, Optional<Provider> provider) {
    String why = "must not be set on a path naming the tenant";
    if (!endpoint.getSecrets().isEmpty()) {
      throw invalid(
          property(name, "secrets"),
          why + ": give each tenant's secrets in tenants.<id>.secrets, or a SecretSource bean");
    }
    if (!endpoint.getPublicKeys().isEmpty()) {
      throw invalid(
          property(name, "public-keys"), why + ": a public key would verify every tenant alike");
    }
    if (endpoint.isLegacySha1()) {
      throw invalid(property(name, "legacy-sha1"), why);
    }
    Optional<SignatureScheme> known = provider.flatMap(Provider::scheme);
    if (known.isEmpty()) {
      if (endpoint.getVerifier().getType() == VerifierType.UNVERIFIED) {
        throw invalid(
            property(name, "verifier.type"),
            "must be hmac on a path naming the tenant: unsigned requests cannot tell tenants"
                + " apart");
      }
      return hmac(name, endpoint, provider.map(Provider::id).orElse(CUSTOM)).scheme();
    }
    return endpoint.getTolerance() == null
        ? known.get()
        : known.get().withTolerance(endpoint.getTolerance());
  }

  /**
   * Each tenant's secrets from {@code tenants.*}, else the application's {@link SecretSource}.
   *
   * @throws WebhookConfigurationException naming {@code tenants} if a tenant id is invalid, a
   *     tenant lists no secret, two tenants share one, or neither is given
   */
  private static SecretSource tenantSecrets(
      String name, EndpointProperties endpoint, Supplier<@Nullable SecretSource> bean) {
    String property = property(name, "tenants");
    if (endpoint.getTenants().isEmpty()) {
      SecretSource source = bean.get();
      if (source == null) {
        throw invalid(
            property,
            "must give each tenant's secrets (tenants.<id>.secrets[0]=…), or the application one"
                + " SecretSource bean, for the path \""
                + endpoint.getPath()
                + "\"");
      }
      return source;
    }
    Map<String, List<String>> secrets = new LinkedHashMap<>();
    endpoint
        .getTenants()
        .forEach(
            (tenant, settings) -> {
              if (settings.getSecrets().isEmpty()) {
                throw invalid(
                    property + "." + tenant + ".secrets", "must list at least one secret");
              }
              secrets.put(tenant, settings.getSecrets());
            });
    try {
      return SecretSource.of(secrets);
    } catch (WebhookConfigurationException e) {
      throw new WebhookConfigurationException(property, property + ": " + e.getMessage(), e);
    }
  }

  /** The verifier of the provider's scheme with the endpoint's keys, or the one chosen. */
  private static SignatureVerifier verifier(
      String name, EndpointProperties endpoint, Provider provider) {
    return namingEndpoint(
        name,
        () ->
            provider
                .scheme()
                .map(scheme -> signed(name, endpoint, provider, scheme))
                .orElseGet(() -> chosen(name, endpoint, provider.id())));
  }

  /** The scheme with the endpoint's tolerance, public keys and secrets. */
  private static SignatureVerifier signed(
      String name, EndpointProperties endpoint, Provider provider, SignatureScheme scheme) {
    List<String> secrets = endpoint.getSecrets();
    List<String> publicKeys = endpoint.getPublicKeys();
    if (secrets.isEmpty() && publicKeys.isEmpty()) {
      throw missingSecrets(name);
    }
    if (endpoint.getTolerance() != null) {
      scheme = scheme.withTolerance(endpoint.getTolerance());
    }
    if (!publicKeys.isEmpty()) {
      try {
        scheme = scheme.withPublicKeys(publicKeys);
      } catch (WebhookConfigurationException e) {
        String property = property(name, "public-keys");
        throw new WebhookConfigurationException(
            property,
            property + " must not be set: " + provider.id() + " has no public-key signatures",
            e);
      }
    }
    if (endpoint.isLegacySha1()) {
      return GitHub.verifierWithLegacySha1(secrets.toArray(String[]::new));
    }
    return scheme.verifier(secrets);
  }

  /**
   * The verifier chosen with {@code verifier.*}, for a custom endpoint or a provider without a
   * scheme; {@code provider} names it in the message when none is chosen.
   */
  private static SignatureVerifier chosen(
      String name, EndpointProperties endpoint, String provider) {
    Verifier settings = endpoint.getVerifier();
    if (settings.getType() == VerifierType.UNVERIFIED) {
      if (settings.getReason() == null || settings.getReason().isBlank()) {
        throw invalid(
            property(name, "verifier.reason"),
            "must say why endpoint \"" + name + "\" accepts unsigned requests");
      }
      return SignatureVerifier.unverified(name + ": " + settings.getReason());
    }
    HmacSignature.Builder builder = hmac(name, endpoint, provider);
    if (endpoint.getSecrets().isEmpty()) {
      throw missingSecrets(name);
    }
    return builder.secrets(endpoint.getSecrets()).build();
  }

  /**
   * The HMAC scheme of {@code verifier.*} with the endpoint's tolerance, without secrets; {@code
   * provider} names it in the message when no verifier type is chosen.
   */
  private static HmacSignature.Builder hmac(
      String name, EndpointProperties endpoint, String provider) {
    Verifier settings = endpoint.getVerifier();
    if (settings.getType() == null) {
      throw invalid(
          property(name, "verifier.type"),
          "must be set to hmac or unverified: "
              + provider
              + " endpoints have no default signature scheme");
    }
    if (settings.getHeader() == null || settings.getHeader().isBlank()) {
      throw invalid(property(name, "verifier.header"), "must be set for an hmac verifier");
    }
    HmacSignature.Builder builder =
        HmacSignature.builder()
            .signatureHeader(settings.getHeader())
            .prefix(settings.getPrefix())
            .encoding(settings.getEncoding())
            .algorithm(settings.getAlgorithm())
            .secretEncoding(settings.getSecretEncoding())
            .signedContent(settings.getSignedContent());
    if (settings.getSeparator() != null) {
      builder.separator(settings.getSeparator());
    }
    if (settings.getTimestampHeader() != null) {
      builder.timestampHeader(settings.getTimestampFormat(), settings.getTimestampHeader());
    }
    if (settings.getIdHeader() != null) {
      builder.idHeader(settings.getIdHeader());
    }
    if (endpoint.getTolerance() != null) {
      builder.tolerance(endpoint.getTolerance());
    }
    return builder;
  }

  /**
   * The verifier or scheme; a configuration error of the core names the endpoint's properties, one
   * of the starter's own already names its property.
   */
  private static <T> T namingEndpoint(String name, Supplier<T> verifier) {
    try {
      return verifier.get();
    } catch (WebhookConfigurationException e) {
      if (e.setting().isPresent()) {
        throw e;
      }
      throw inEndpoint(name, e);
    }
  }

  private static WebhookConfigurationException missingSecrets(String name) {
    return invalid(property(name, "secrets"), "must list at least one secret");
  }

  /**
   * A configuration error of the core about the endpoint's settings, e.g. an empty secret: its
   * message prefixed with the endpoint's properties, which it names as its setting.
   */
  static WebhookConfigurationException inEndpoint(String name, WebhookConfigurationException e) {
    String endpoint = "hookline.endpoints." + name;
    return new WebhookConfigurationException(endpoint, endpoint + ": " + e.getMessage(), e);
  }

  /** An error about one property, naming it before the rule it broke. */
  private static WebhookConfigurationException invalid(String property, String rule) {
    return new WebhookConfigurationException(property, property + " " + rule);
  }

  static String property(String endpoint, String setting) {
    return "hookline.endpoints." + endpoint + "." + setting;
  }
}
