package dev.hookline.receiver;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.TenantIds;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies each request with the secrets of the tenant it names, looked up in a {@link
 * SecretSource} under the endpoint's name, and with nothing else: a tenant's secret never verifies
 * another tenant's request.
 *
 * <p>A request naming no tenant, an invalid tenant id, or a tenant without secrets is checked
 * against a decoy: a verifier of the same scheme keyed with a random secret no one holds. Its
 * rejection reads exactly like that of a known tenant's verifier for the same request (a missing
 * header, a stale timestamp, no matching signature), so a response never tells whether a tenant
 * exists. Thread-safe.
 */
final class TenantVerifier implements SignatureVerifier {

  /** Tenants whose verifiers are kept; past it, all are dropped and rebuilt as requests come. */
  private static final int KEPT_VERIFIERS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(TenantVerifier.class);

  private final String endpoint;
  private final SignatureScheme scheme;
  private final SecretSource source;
  private final SignatureVerifier decoy;

  /** Each tenant's verifier, with the secrets it was built from: rebuilt when they change. */
  private final Map<String, Built> verifiers = new ConcurrentHashMap<>();

  private record Built(List<String> secrets, SignatureVerifier verifier) {}

  /**
   * @throws WebhookConfigurationException if the scheme verifies with keys of its own (public
   *     keys), which would verify every tenant's requests alike
   */
  TenantVerifier(String endpoint, SignatureScheme scheme, SecretSource source) {
    this.endpoint = endpoint;
    this.scheme = scheme;
    this.source = source;
    try {
      scheme.verifier(List.of());
    } catch (WebhookConfigurationException e) {
      // Expected: without a tenant's secrets, the scheme has nothing to verify with.
      this.decoy = scheme.verifier(decoySecret());
      return;
    }
    throw new WebhookConfigurationException(
        scheme
            + " verifies with keys of its own (public keys), which would verify every tenant's"
            + " requests; a scheme for tenant secrets must take every key from them");
  }

  /**
   * A random secret valid in every secret encoding (text, base64, Standard Webhooks): base64 of 32
   * random bytes.
   */
  private static String decoySecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * Verifies with the tenant's secrets.
   *
   * @throws RuntimeException if the source fails, or its secrets do not make a verifier, and the
   *     request is one a secret could verify; the receiver answers a status to retry. A request no
   *     secret could verify (a header missing or malformed, a timestamp out of the window) is
   *     rejected then as always, as the decoy rejects it.
   */
  @Override
  public Verification verify(WebhookRequest request) {
    Optional<String> named = request.tenant();
    if (named.isEmpty() || !TenantIds.isValid(named.get())) {
      log.debug("Request {} names no valid tenant; checked against the decoy", request);
      return decoy.verify(request);
    }
    String tenant = named.get();
    SignatureVerifier verifier;
    try {
      List<String> secrets = source.secrets(endpoint, tenant);
      if (secrets.isEmpty()) {
        log.debug(
            "Tenant {} of endpoint {} has no secrets; checked against the decoy",
            LogText.escape(tenant),
            endpoint);
        return decoy.verify(request);
      }
      verifier = verifier(tenant, secrets);
    } catch (RuntimeException e) {
      Verification keyless = decoy.verify(request);
      if (keyless.reason().filter(reason -> reason != Reason.NO_MATCHING_SIGNATURE).isPresent()) {
        return keyless;
      }
      throw e;
    }
    return verifier.verify(request);
  }

  /** The tenant's verifier for these secrets, built once per change of its secrets. */
  private SignatureVerifier verifier(String tenant, List<String> secrets) {
    Built built = verifiers.get(tenant);
    if (built != null && built.secrets().equals(secrets)) {
      return built.verifier();
    }
    SignatureVerifier verifier = scheme.verifier(List.copyOf(secrets));
    if (built == null && verifiers.size() >= KEPT_VERIFIERS) {
      verifiers.clear();
    }
    verifiers.put(tenant, new Built(List.copyOf(secrets), verifier));
    return verifier;
  }

  /** The headers the scheme signs, the same for every tenant. */
  @Override
  public Set<String> signedHeaders() {
    return decoy.signedHeaders();
  }

  @Override
  public String toString() {
    return "TenantVerifier[scheme=" + scheme + ", secrets=" + source + "]";
  }
}
