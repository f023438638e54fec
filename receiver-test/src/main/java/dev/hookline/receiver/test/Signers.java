package dev.hookline.receiver.test;

import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.registry.ProviderRegistry;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.WebhookSigner;
import dev.hookline.receiver.standardwebhooks.StandardWebhooksSignature;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signers for every scheme Hookline verifies, made by the very {@link SignatureScheme} the
 * receiver's verifier comes from ({@code provider.scheme().signer(secret)}), so a test signs
 * exactly what the receiver checks. Each returns the headers a sender writes.
 *
 * <pre>{@code
 * Map<String, String> headers = Signers.lucca(secret).sign(body, Instant.now());
 * WebhookSigner acme = Signers.forProvider("acme", secret); // a provider of a ProviderPlugin
 * }</pre>
 */
public final class Signers {

  /**
   * The ids of the providers {@link #forProvider} signs for: those of the built-ins and of the
   * {@link dev.hookline.receiver.provider.ProviderPlugin}s the context class loader listed when
   * this class was loaded, that have a signature scheme (Arta has none), in registration order.
   */
  public static final List<String> PROVIDERS =
      registry().providers().stream()
          .filter(provider -> provider.scheme().isPresent())
          .map(Provider::id)
          .toList();

  private Signers() {}

  /** Lucca: {@code Lucca-Timestamp} (ISO-8601) and base64 {@code Lucca-Signature}. */
  public static WebhookSigner lucca(String secret) {
    return builtIn("lucca", secret);
  }

  /**
   * Standard Webhooks v1: {@code webhook-id}, {@code webhook-timestamp} and {@code
   * webhook-signature: v1,<base64>}, keyed with the base64-decoded {@code whsec_} secret.
   *
   * @throws dev.hookline.receiver.core.WebhookConfigurationException if the secret is not base64
   *     after its {@code whsec_} prefix
   */
  public static WebhookSigner standardWebhooks(String secret) {
    return builtIn("standard-webhooks", secret);
  }

  /**
   * Standard Webhooks v1a: the same headers with a {@code v1a,<base64 Ed25519>} signature made with
   * the private key. Verify with {@link #publicKeyBase64(KeyPair)} of the same pair. The one signer
   * no scheme gives: a receiver holds only public keys.
   */
  public static WebhookSigner standardWebhooksV1a(PrivateKey privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    return (id, body, at) -> {
      String timestamp = Long.toString(at.getEpochSecond());
      byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(privateKey);
        ed25519.update(prefix);
        ed25519.update(body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(StandardWebhooksSignature.ID_HEADER, id);
        headers.put(StandardWebhooksSignature.TIMESTAMP_HEADER, timestamp);
        headers.put(
            StandardWebhooksSignature.SIGNATURE_HEADER,
            "v1a," + Base64.getEncoder().encodeToString(ed25519.sign()));
        return headers;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Ed25519 is not available in this JVM", e);
      }
    };
  }

  /** GitHub: {@code X-Hub-Signature-256: sha256=<hex>} over the body; no timestamp. */
  public static WebhookSigner gitHub(String secret) {
    return builtIn("github", secret);
  }

  /** Stripe: {@code Stripe-Signature: t=<unix s>,v1=<hex>} keyed with the whole secret string. */
  public static WebhookSigner stripe(String secret) {
    return builtIn("stripe", secret);
  }

  /** Shopify: base64 {@code X-Shopify-Hmac-Sha256} over the body; no timestamp. */
  public static WebhookSigner shopify(String secret) {
    return builtIn("shopify", secret);
  }

  /** Slack: {@code X-Slack-Request-Timestamp} and {@code X-Slack-Signature: v0=<hex>}. */
  public static WebhookSigner slack(String secret) {
    return builtIn("slack", secret);
  }

  /**
   * Starts a generic HMAC scheme, the same builder the receiver's verifier is described with; sign
   * with {@code .scheme().signer(secret)}:
   *
   * <pre>{@code
   * WebhookSigner arta = Signers.hmac().signatureHeader("X-Arta-Signature").scheme().signer(secret);
   * }</pre>
   */
  public static HmacSignature.Builder hmac() {
    return HmacSignature.builder();
  }

  /**
   * The signer of a provider by id or alias, ignoring case: a built-in ({@code lucca}, {@code
   * standard-webhooks} or {@code svix}, {@code github}, {@code stripe}, {@code shopify}, {@code
   * slack}) or one a {@link dev.hookline.receiver.provider.ProviderPlugin} on the class path
   * contributes.
   *
   * @throws IllegalArgumentException for an unknown provider, or one without a signature scheme
   *     (Arta)
   * @throws dev.hookline.receiver.core.WebhookConfigurationException if the secret cannot be a key
   */
  public static WebhookSigner forProvider(String provider, String secret) {
    return registry()
        .find(provider)
        .flatMap(Provider::scheme)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown provider " + provider + "; expected one of " + PROVIDERS))
        .signer(secret);
  }

  /** A new Ed25519 key pair for v1a tests. */
  public static KeyPair ed25519KeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JVM", e);
    }
  }

  /** The public key of the pair in the base64 X.509 form the core v1a verifier takes. */
  public static String publicKeyBase64(KeyPair pair) {
    return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
  }

  private static WebhookSigner builtIn(String id, String secret) {
    return ProviderRegistry.builtIns().get(id).scheme().orElseThrow().signer(secret);
  }

  private static ProviderRegistry registry() {
    return ProviderRegistry.builtIns().installPlugins();
  }
}
