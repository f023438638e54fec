package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.github.GitHubSignature;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaSignature;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties.Provider;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties.Verifier;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties.VerifierType;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.standardwebhooks.StandardWebhooksSignature;
import dev.hookline.receiver.stripe.Stripe;
import dev.hookline.receiver.stripe.StripeSignature;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Turns {@code hookline.endpoints.*} into receiver builders; every error names its property. */
final class EndpointFactory {

  private EndpointFactory() {}

  /** Checks paths: set, absolute, and each used once. */
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

  /** A receiver builder for the endpoint, without handlers yet. */
  static WebhookReceiver.Builder builder(String name, EndpointProperties endpoint) {
    Provider provider = endpoint.getProvider();
    if (provider == null) {
      throw invalid(
          property(name, "provider"),
          "must be set (lucca, standard-webhooks, github, stripe, arta or custom)");
    }
    WebhookReceiver.Builder builder =
        preset(name, endpoint, provider, verifier(name, endpoint, provider))
            .endpoint(name)
            .framings(endpoint.getFramings());
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

  private static SignatureVerifier verifier(
      String name, EndpointProperties endpoint, Provider provider) {
    try {
      return switch (provider) {
        case LUCCA -> withSecrets(name, endpoint, LuccaSignature.builder()).build();
        case STANDARD_WEBHOOKS -> standardWebhooks(name, endpoint);
        case GITHUB -> gitHub(name, endpoint);
        case STRIPE -> withSecrets(name, endpoint, StripeSignature.builder()).build();
        case ARTA, CUSTOM -> chosen(name, endpoint);
      };
    } catch (WebhookConfigurationException e) {
      if (e.setting().isPresent()) {
        throw e; // the starter's own, naming its property
      }
      throw inEndpoint(name, e);
    }
  }

  private static SignatureVerifier standardWebhooks(String name, EndpointProperties endpoint) {
    HmacSignature.Builder builder = StandardWebhooksSignature.builder();
    if (!endpoint.getPublicKeys().isEmpty()) {
      builder.ed25519("v1a,", endpoint.getPublicKeys());
    }
    if (endpoint.getSecrets().isEmpty() && endpoint.getPublicKeys().isEmpty()) {
      throw missingSecrets(name);
    }
    builder.secrets(endpoint.getSecrets());
    tolerance(endpoint, builder);
    return builder.build();
  }

  private static SignatureVerifier gitHub(String name, EndpointProperties endpoint) {
    if (endpoint.getSecrets().isEmpty()) {
      throw missingSecrets(name);
    }
    String[] secrets = endpoint.getSecrets().toArray(String[]::new);
    return endpoint.isLegacySha1()
        ? GitHubSignature.verifierWithLegacySha1(secrets)
        : GitHubSignature.verifier(secrets);
  }

  private static SignatureVerifier chosen(String name, EndpointProperties endpoint) {
    Verifier settings = endpoint.getVerifier();
    if (settings.getType() == null) {
      throw invalid(
          property(name, "verifier.type"),
          "must be set to hmac or unverified: "
              + endpoint.getProvider().name().toLowerCase(Locale.ROOT)
              + " endpoints have no default signature scheme");
    }
    if (settings.getType() == VerifierType.UNVERIFIED) {
      if (settings.getReason() == null || settings.getReason().isBlank()) {
        throw invalid(
            property(name, "verifier.reason"),
            "must say why endpoint \"" + name + "\" accepts unsigned requests");
      }
      return SignatureVerifier.unverified(name + ": " + settings.getReason());
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
    return withSecrets(name, endpoint, builder).build();
  }

  private static HmacSignature.Builder withSecrets(
      String name, EndpointProperties endpoint, HmacSignature.Builder builder) {
    if (endpoint.getSecrets().isEmpty()) {
      throw missingSecrets(name);
    }
    tolerance(endpoint, builder);
    return builder.secrets(endpoint.getSecrets());
  }

  private static void tolerance(EndpointProperties endpoint, HmacSignature.Builder builder) {
    if (endpoint.getTolerance() != null) {
      builder.tolerance(endpoint.getTolerance());
    }
  }

  /**
   * The provider's preset (reader, retry statuses, challenge) with the verifier; a custom endpoint
   * reads the configured fields of its JSON.
   */
  private static WebhookReceiver.Builder preset(
      String name, EndpointProperties endpoint, Provider provider, SignatureVerifier verifier) {
    return switch (provider) {
      case LUCCA -> Lucca.receiver(verifier);
      case STANDARD_WEBHOOKS -> StandardWebhooks.receiver(verifier);
      case GITHUB -> GitHub.receiver(verifier);
      case STRIPE -> Stripe.receiver(verifier);
      case ARTA -> Arta.receiver(verifier);
      case CUSTOM ->
          WebhookReceiver.builder()
              .verifier(verifier)
              .reader(
                  JsonEventReader.of(
                      name,
                      endpoint.getReader().getTopicField(),
                      endpoint.getReader().getIdField(),
                      endpoint.getReader().getDataField()));
    };
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
