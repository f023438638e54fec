package dev.hookline.receiver.test;

import dev.hookline.receiver.github.GitHubSignature;
import dev.hookline.receiver.lucca.LuccaSignature;
import dev.hookline.receiver.signature.SecretEncoding;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.TimestampFormat;
import dev.hookline.receiver.standardwebhooks.StandardWebhooksSignature;
import dev.hookline.receiver.stripe.StripeSignature;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Signers for every scheme Hookline verifies. Each returns the headers a sender writes; a request
 * carrying them passes the matching core verifier with the same secret.
 *
 * <pre>{@code
 * Map<String, String> headers = Signers.lucca(secret).sign(body, Instant.now());
 * }</pre>
 */
public final class Signers {

  /** The providers {@link #forProvider} knows, in the order the CLI lists them. */
  public static final List<String> PROVIDERS =
      List.of("lucca", "standard-webhooks", "github", "stripe");

  private Signers() {}

  /** Lucca: {@code Lucca-Timestamp} (ISO-8601) and base64 {@code Lucca-Signature}. */
  public static WebhookSigner lucca(String secret) {
    return HmacSigner.builder()
        .signatureHeader(LuccaSignature.SIGNATURE_HEADER)
        .encoding(SignatureEncoding.BASE64)
        .timestampHeader(TimestampFormat.ISO_8601, LuccaSignature.TIMESTAMP_HEADER)
        .signedContent("{timestamp}.{body}")
        .secret(secret)
        .build();
  }

  /**
   * Standard Webhooks v1: {@code webhook-id}, {@code webhook-timestamp} and {@code
   * webhook-signature: v1,<base64>}, keyed with the base64-decoded {@code whsec_} secret.
   *
   * @throws IllegalArgumentException if the secret is not base64 after its {@code whsec_} prefix
   */
  public static WebhookSigner standardWebhooks(String secret) {
    return HmacSigner.builder()
        .signatureHeader(StandardWebhooksSignature.SIGNATURE_HEADER)
        .idHeader(StandardWebhooksSignature.ID_HEADER)
        .timestampHeader(TimestampFormat.UNIX_SECONDS, StandardWebhooksSignature.TIMESTAMP_HEADER)
        .signedContent("{id}.{timestamp}.{body}")
        .prefix("v1,")
        .encoding(SignatureEncoding.BASE64)
        .secretEncoding(SecretEncoding.STANDARD_WEBHOOKS)
        .secret(secret)
        .build();
  }

  /**
   * Standard Webhooks v1a: the same headers with a {@code v1a,<base64 Ed25519>} signature made with
   * the private key. Verify with {@link #publicKeyBase64(KeyPair)} of the same pair.
   */
  public static WebhookSigner standardWebhooksV1a(PrivateKey privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    return (id, body, at) -> {
      String timestamp = Long.toString(at.getEpochSecond());
      byte[] content = concat(utf8(id + "." + timestamp + "."), body);
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(privateKey);
        ed25519.update(content);
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
    return HmacSigner.builder()
        .signatureHeader(GitHubSignature.SIGNATURE_HEADER)
        .prefix("sha256=")
        .encoding(SignatureEncoding.HEX)
        .secret(secret)
        .build();
  }

  /** Stripe: {@code Stripe-Signature: t=<unix s>,v1=<hex>} keyed with the whole secret string. */
  public static WebhookSigner stripe(String secret) {
    return HmacSigner.builder()
        .signatureHeader(StripeSignature.SIGNATURE_HEADER)
        .timestampEntry("t=", TimestampFormat.UNIX_SECONDS, ",")
        .prefix("v1=")
        .encoding(SignatureEncoding.HEX)
        .signedContent("{timestamp}.{body}")
        .secret(secret)
        .build();
  }

  /** A generic HMAC signer; see {@link HmacSigner}. */
  public static HmacSigner.Builder hmac() {
    return HmacSigner.builder();
  }

  /**
   * The signer of a provider by name: {@code lucca}, {@code standard-webhooks} (or {@code svix}),
   * {@code github}, {@code stripe}.
   *
   * @throws IllegalArgumentException for another name
   */
  public static WebhookSigner forProvider(String provider, String secret) {
    return switch (provider.toLowerCase(Locale.ROOT)) {
      case "lucca" -> lucca(secret);
      case "standard-webhooks", "standardwebhooks", "svix" -> standardWebhooks(secret);
      case "github" -> gitHub(secret);
      case "stripe" -> stripe(secret);
      default ->
          throw new IllegalArgumentException(
              "unknown provider " + provider + "; expected one of " + PROVIDERS);
    };
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

  /**
   * A stable message id for a body: {@code msg_} and the first 24 hex digits of its SHA-256, so
   * that the same body always gets the same id (a redelivery), and different bodies different ids.
   */
  public static String idFor(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "msg_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The instant as the given timestamp format writes it, e.g. for a captured header. */
  public static String timestamp(TimestampFormat format, Instant at) {
    return HmacSigner.format(format, at);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
