package dev.hookline.receiver.github;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.HmacAlgorithm;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.util.HashSet;
import java.util.Set;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. GitHub signs no
 * timestamp and no id; the replay defence is the idempotency key, the body's SHA-256 (see {@link
 * GitHub}).
 */
final class GitHubSignature {

  private GitHubSignature() {}

  /** A builder preset for the SHA-256 header; add {@code secrets(…)}. */
  static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(GitHub.SIGNATURE_HEADER)
        .prefix("sha256=")
        .encoding(SignatureEncoding.HEX);
  }

  /** A verifier of {@code X-Hub-Signature-256} accepting any of the given secrets. */
  static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }

  /**
   * Checks {@code X-Hub-Signature-256} when present and otherwise falls back to the legacy SHA-1
   * {@code X-Hub-Signature}. Choose it only for GitHub Enterprise versions that send no SHA-256.
   * Its {@link SignatureVerifier#signedHeaders()} are those both checks cover (none: GitHub signs
   * only the body).
   */
  static SignatureVerifier verifierWithLegacySha1(String... secrets) {
    SignatureVerifier sha1 =
        HmacSignature.builder()
            .signatureHeader(GitHub.LEGACY_SIGNATURE_HEADER)
            .prefix("sha1=")
            .encoding(SignatureEncoding.HEX)
            .algorithm(HmacAlgorithm.SHA1)
            .secrets(secrets)
            .build();
    return new Sha256WithSha1Fallback(verifier(secrets), sha1);
  }

  /** SHA-256 when the request carries it, else the legacy SHA-1 header. Immutable. */
  private static final class Sha256WithSha1Fallback implements SignatureVerifier {
    private final SignatureVerifier sha256;
    private final SignatureVerifier sha1;

    /** A request is checked by one of the two, so only what both cover is covered. */
    private final Set<String> signedHeaders;

    Sha256WithSha1Fallback(SignatureVerifier sha256, SignatureVerifier sha1) {
      this.sha256 = sha256;
      this.sha1 = sha1;
      Set<String> both = new HashSet<>(sha256.signedHeaders());
      both.retainAll(sha1.signedHeaders());
      this.signedHeaders = Set.copyOf(both);
    }

    @Override
    public Verification verify(WebhookRequest request) {
      return request.headers().contains(GitHub.SIGNATURE_HEADER)
          ? sha256.verify(request)
          : sha1.verify(request);
    }

    @Override
    public Set<String> signedHeaders() {
      return signedHeaders;
    }

    @Override
    public String toString() {
      return "GitHubSignature[" + sha256 + ", legacy fallback " + sha1 + "]";
    }
  }
}
